namespace AdaShare.Data;

/// <summary>Conversions of stored target maps to the <see cref="TargetNames"/> conventions, with errors that name the file.</summary>
public static class MapFiles
{
    public static void CheckSize(string path, int height, int width, int expectedHeight, int expectedWidth, string imagePath)
    {
        if (height != expectedHeight || width != expectedWidth)
            throw new InvalidDataException($"{path}: {height}x{width} map, expected {expectedHeight}x{expectedWidth} (the size of {imagePath})");
    }

    /// <summary>Stored labels → class indices as floats; <paramref name="ignore"/> → <see cref="TargetNames.IgnoreLabel"/>; anything else outside [0, classes) is an error.</summary>
    public static float[] Labels(string path, ReadOnlySpan<byte> stored, int width, int classes, int? ignore)
    {
        var labels = new float[stored.Length];
        for (int i = 0; i < stored.Length; i++)
        {
            int v = stored[i];
            if (v == ignore) { labels[i] = TargetNames.IgnoreLabel; continue; }
            if (v >= classes)
                throw new InvalidDataException($"{path}: label {v} out of range at pixel ({i / width}, {i % width}) (expected 0..{classes - 1}{(ignore is { } ig ? $" or {ig} = ignore" : "")})");
            labels[i] = v;
        }
        return labels;
    }

    /// <summary>Float labels (e.g. from .npy) → class indices; <paramref name="ignore"/> (and −1) → <see cref="TargetNames.IgnoreLabel"/>.</summary>
    public static float[] Labels(string path, float[] stored, int width, int classes, double? ignore)
    {
        var labels = new float[stored.Length];
        for (int i = 0; i < stored.Length; i++)
        {
            float v = stored[i];
            if ((ignore.HasValue && v == ignore.Value) || v == -1f) { labels[i] = TargetNames.IgnoreLabel; continue; }
            if (v < 0 || v >= classes || v != MathF.Floor(v))
                throw new InvalidDataException($"{path}: label {v} out of range at pixel ({i / width}, {i % width}) (expected integers 0..{classes - 1}, or {(ignore.HasValue ? $"{ignore} / " : "")}-1 = ignore)");
            labels[i] = v;
        }
        return labels;
    }

    /// <summary>An RGB PNG normal map encoded (n + 1)·127.5 (H×W×3 bytes) → 3×H×W vectors; (v, v, v) with v = <paramref name="invalid"/> → 0.</summary>
    public static float[] DecodeNormalRgb(ReadOnlySpan<byte> rgb, int hw, int? invalid)
    {
        var chw = new float[3 * hw];
        for (int p = 0; p < hw; p++)
        {
            byte r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
            if (invalid is { } v && r == v && g == v && b == v) continue;
            chw[p] = r / 127.5f - 1f;
            chw[hw + p] = g / 127.5f - 1f;
            chw[2 * hw + p] = b / 127.5f - 1f;
        }
        return chw;
    }

    /// <summary>An H×W×C (or H×W when C = 1) .npy map → C×H×W, checked for size and NaN/Inf.</summary>
    public static float[] ReadNpyMap(string path, int channels, int height, int width, string imagePath)
    {
        var a = NpyReader.Read(path);
        var s = a.Shape;
        bool sized = s.Length == 3 ? s[2] == channels : s.Length == 2 && channels == 1;
        if (!sized)
            throw new InvalidDataException($"{path}: shape {a.ShapeText}, expected (H, W{(channels == 1 ? "" : $", {channels}")}){(channels == 1 ? " or (H, W, 1)" : "")}");
        CheckSize(path, s[0], s[1], height, width, imagePath);
        foreach (float v in a.Data)
            if (!float.IsFinite(v)) throw new InvalidDataException($"{path}: contains NaN or Inf");
        int hw = height * width;
        if (channels == 1) return a.Data;
        var chw = new float[channels * hw];
        for (int i = 0; i < hw; i++)
            for (int c = 0; c < channels; c++)
                chw[c * hw + i] = a.Data[i * channels + c];
        return chw;
    }

    public static void RequireNonNegative(string path, float[] depth)
    {
        foreach (float v in depth)
            if (v < 0) throw new InvalidDataException($"{path}: negative value {v} (depth must be >= 0, 0 = invalid)");
    }
}
