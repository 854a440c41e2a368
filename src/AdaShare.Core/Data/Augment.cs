namespace AdaShare.Data;

/// <summary>Joint augmentations of an image and all its target maps.</summary>
public static class Augment
{
    /// <summary>Channels whose sign flips under a horizontal mirror: the x component of surface normals
    /// (the official code forgets this).</summary>
    private static readonly Dictionary<string, int[]> MirroredSignChannels = new() { [TargetNames.Normal] = new[] { 0 } };

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

    public static int[]? NegatedChannelsOnFlip(string targetName) => MirroredSignChannels.GetValueOrDefault(targetName);
}
