namespace AdaShare.Data.Images;

/// <summary>
/// Bilinear resampling of a box of an RGB image as PIL's BILINEAR (what torchvision's Resize and RandomResizedCrop use
/// on PIL images): a triangle filter whose support widens with the downscale factor, so shrinking averages every source
/// pixel (antialiasing) instead of sampling four. Output is channels-first RGB in [0, 1].
/// </summary>
public static class BilinearResize
{
    /// <summary>Resamples the box (top, left, boxHeight, boxWidth) of <paramref name="image"/> to height×width.</summary>
    public static float[] Rgb(DecodedImage image, double top, double left, double boxHeight, double boxWidth, int height, int width)
    {
        var (rowStart, rowWeights) = Weights(image.Height, top, boxHeight, height);
        var (colStart, colWeights) = Weights(image.Width, left, boxWidth, width);
        float max = image.BitDepth == 16 ? 65535f : 255f;
        int c = image.Channels, hw = height * width;
        var dst = new float[3 * hw];
        var rowAcc = new double[3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double r = 0, g = 0, b = 0;
                var wy = rowWeights[y];
                var wx = colWeights[x];
                for (int i = 0; i < wy.Length; i++)
                {
                    int sy = rowStart[y] + i;
                    rowAcc[0] = rowAcc[1] = rowAcc[2] = 0;
                    for (int j = 0; j < wx.Length; j++)
                    {
                        int p = (sy * image.Width + colStart[x] + j) * c;
                        rowAcc[0] += wx[j] * image.Samples[p];
                        rowAcc[1] += wx[j] * image.Samples[p + (c == 3 ? 1 : 0)];
                        rowAcc[2] += wx[j] * image.Samples[p + (c == 3 ? 2 : 0)];
                    }
                    r += wy[i] * rowAcc[0];
                    g += wy[i] * rowAcc[1];
                    b += wy[i] * rowAcc[2];
                }
                int o = y * width + x;
                dst[o] = Math.Clamp((float)r / max, 0f, 1f);
                dst[hw + o] = Math.Clamp((float)g / max, 0f, 1f);
                dst[2 * hw + o] = Math.Clamp((float)b / max, 0f, 1f);
            }
        return dst;
    }

    /// <summary>For each output position: first source index and normalised triangle-filter weights (PIL's scheme).</summary>
    private static (int[] Start, double[][] Weights) Weights(int sourceSize, double offset, double boxSize, int outSize)
    {
        double scale = boxSize / outSize, support = Math.Max(scale, 1.0);
        var start = new int[outSize];
        var weights = new double[outSize][];
        for (int o = 0; o < outSize; o++)
        {
            double center = offset + (o + 0.5) * scale;
            int lo = Math.Max(0, (int)Math.Floor(center - support));
            int hi = Math.Min(sourceSize, (int)Math.Ceiling(center + support));
            var w = new double[Math.Max(1, hi - lo)];
            double total = 0;
            for (int i = 0; i < w.Length; i++)
            {
                double t = Math.Abs((lo + i + 0.5 - center) / support);
                w[i] = t < 1 ? 1 - t : 0;
                total += w[i];
            }
            if (total <= 0) { w = [1.0]; lo = Math.Clamp((int)center, 0, sourceSize - 1); total = 1; }
            for (int i = 0; i < w.Length; i++) w[i] /= total;
            start[o] = lo;
            weights[o] = w;
        }
        return (start, weights);
    }
}
