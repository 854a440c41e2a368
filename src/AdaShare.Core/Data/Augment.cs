namespace AdaShare.Data;

/// <summary>Joint augmentations of an image and all its target maps (C×H×W, row-major float maps).</summary>
public static class Augment
{
    /// <summary>Mirrors a C×H×W map left-right into <paramref name="dst"/>; negates the listed channels.</summary>
    public static void FlipHorizontal(ReadOnlySpan<float> src, Span<float> dst, int channels, int height, int width, int[]? negate = null)
    {
        for (int c = 0; c < channels; c++)
        {
            float sign = negate != null && Array.IndexOf(negate, c) >= 0 ? -1f : 1f;
            for (int y = 0; y < height; y++)
            {
                int row = (c * height + y) * width;
                for (int x = 0; x < width; x++)
                    dst[row + x] = sign * src[row + width - 1 - x];
            }
        }
    }

    /// <summary>Channels whose sign flips under a horizontal mirror: the x component of surface normals
    /// (the official code forgets this).</summary>
    public static int[]? NegatedChannelsOnFlip(string mapKind) => mapKind == TargetNames.Normal ? [0] : null;

    /// <summary>The value a target map is padded with: its "invalid" value, so padding never enters a loss or metric.</summary>
    public static float PadValue(string mapKind) => mapKind switch
    {
        TargetNames.Depth or TargetNames.Normal => 0f,
        _ => TargetNames.IgnoreLabel,
    };

    /// <summary>Bilinear resize of a C×H×W image (pixel centres aligned, as OpenCV's INTER_LINEAR and PyTorch's align_corners=False).</summary>
    public static float[] ResizeBilinear(float[] src, int channels, int height, int width, int newHeight, int newWidth)
    {
        var dst = new float[channels * newHeight * newWidth];
        float sy = (float)height / newHeight, sx = (float)width / newWidth;
        for (int y = 0; y < newHeight; y++)
        {
            float fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, height - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, height - 1);
            float wy = fy - y0;
            for (int x = 0; x < newWidth; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, width - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, width - 1);
                float wx = fx - x0;
                for (int c = 0; c < channels; c++)
                {
                    int plane = c * height * width;
                    float top = src[plane + y0 * width + x0] * (1 - wx) + src[plane + y0 * width + x1] * wx;
                    float bottom = src[plane + y1 * width + x0] * (1 - wx) + src[plane + y1 * width + x1] * wx;
                    dst[(c * newHeight + y) * newWidth + x] = top * (1 - wy) + bottom * wy;
                }
            }
        }
        return dst;
    }

    /// <summary>Nearest-neighbour resize of a C×H×W map: labels stay labels, and invalid depth or normals are never
    /// blended into valid neighbours.</summary>
    public static float[] ResizeNearest(float[] src, int channels, int height, int width, int newHeight, int newWidth)
    {
        var dst = new float[channels * newHeight * newWidth];
        var xs = new int[newWidth];
        for (int x = 0; x < newWidth; x++) xs[x] = Math.Min(width - 1, (int)((x + 0.5) * width / newWidth));
        for (int y = 0; y < newHeight; y++)
        {
            int sy = Math.Min(height - 1, (int)((y + 0.5) * height / newHeight));
            for (int c = 0; c < channels; c++)
            {
                int from = (c * height + sy) * width, to = (c * newHeight + y) * newWidth;
                for (int x = 0; x < newWidth; x++)
                    dst[to + x] = src[from + xs[x]];
            }
        }
        return dst;
    }

    /// <summary>
    /// The window [top, top + cropHeight) × [left, left + cropWidth) of a C×H×W map; parts outside the map take
    /// <paramref name="fill"/> (per channel when it has C entries), so a crop larger than the map pads it.
    /// </summary>
    public static float[] Crop(float[] src, int channels, int height, int width, int top, int left, int cropHeight, int cropWidth, ReadOnlySpan<float> fill)
    {
        var dst = new float[channels * cropHeight * cropWidth];
        for (int c = 0; c < channels; c++)
        {
            float pad = fill.Length == 1 ? fill[0] : fill[c];
            for (int y = 0; y < cropHeight; y++)
            {
                int sy = top + y, row = (c * cropHeight + y) * cropWidth;
                for (int x = 0; x < cropWidth; x++)
                {
                    int sx = left + x;
                    dst[row + x] = sy >= 0 && sy < height && sx >= 0 && sx < width ? src[(c * height + sy) * width + sx] : pad;
                }
            }
        }
        return dst;
    }
}
