namespace AdaShare.Data.Images;

/// <summary>
/// Nearest-neighbour resampling as OpenCV's INTER_NEAREST (what the official loaders call): destination pixel (y, x)
/// takes source pixel (⌊y·H/h⌋, ⌊x·W/w⌋). Labels and invalid markers are never blended.
/// </summary>
public static class NearestResize
{
    /// <summary>Source row (or column) of each destination row (or column).</summary>
    public static int[] SourceIndices(int source, int destination)
    {
        var map = new int[destination];
        double scale = (double)source / destination;
        for (int d = 0; d < destination; d++)
            map[d] = Math.Min(source - 1, (int)Math.Floor(d * scale));
        return map;
    }

    /// <summary>Resizes <paramref name="image"/> and maps every sample through <paramref name="convert"/> into a
    /// channels-first C×h×w array (convert gets the sample value and its channel).</summary>
    public static float[] ToChannelsFirst(DecodedImage image, int height, int width, Func<ushort, int, float> convert)
    {
        int[] rows = SourceIndices(image.Height, height), cols = SourceIndices(image.Width, width);
        int c = image.Channels, hw = height * width;
        var dst = new float[c * hw];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int src = (rows[y] * image.Width + cols[x]) * c;
                for (int k = 0; k < c; k++)
                    dst[k * hw + y * width + x] = convert(image.Samples[src + k], k);
            }
        return dst;
    }
}
