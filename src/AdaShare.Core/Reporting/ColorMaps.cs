namespace AdaShare.Reporting;

/// <summary>Scalar colour palettes for <see cref="ColorMaps.Scalar"/>.</summary>
public enum ScalarPalette { Turbo, Viridis, Gray }

/// <summary>
/// Turns maps (row-major, channels first) into interleaved 8-bit RGB pictures (H×W×3 bytes) for
/// <see cref="ImageGrid"/>: images, label maps, scalar maps (depth, edges, heat maps) and normals.
/// </summary>
public static class ColorMaps
{
    /// <summary>The colour of invalid / ignored pixels.</summary>
    public static readonly (byte R, byte G, byte B) Invalid = (96, 96, 96);

    private static readonly byte[,] BasePalette =
    {
        { 141, 110, 79 },  // 0 brown
        { 170, 200, 235 }, // 1 light blue
        { 250, 240, 170 }, // 2 cream
        { 230, 60, 50 },   // 3 red
        { 60, 180, 75 },   // 4 green
        { 70, 100, 230 },  // 5 blue
        { 245, 160, 30 },  // 6 orange
        { 160, 60, 200 },  // 7 purple
        { 60, 210, 210 },  // 8 cyan
        { 240, 80, 200 },  // 9 magenta
        { 190, 230, 60 },  // 10 lime
        { 250, 190, 190 }, // 11 pink
        { 0, 128, 128 },   // 12 teal
        { 128, 0, 0 },     // 13 maroon
        { 128, 128, 0 },   // 14 olive
        { 0, 0, 128 },     // 15 navy
    };

    /// <summary>The palette colour of class <paramref name="index"/> (distinct fixed colours, then hashed ones).</summary>
    public static (byte R, byte G, byte B) LabelColor(int index)
    {
        if (index < 0) return Invalid;
        if (index < BasePalette.GetLength(0)) return (BasePalette[index, 0], BasePalette[index, 1], BasePalette[index, 2]);
        uint h = (uint)index * 2654435761u;
        return ((byte)(64 + (h & 0xBF)), (byte)(64 + ((h >> 8) & 0xBF)), (byte)(64 + ((h >> 16) & 0xBF)));
    }

    /// <summary>RGB image (3×H×W floats in [0, 1], clamped) → bytes.</summary>
    public static byte[] Image(float[] chw, int h, int w)
    {
        Check(chw, 3 * h * w, nameof(chw));
        int hw = h * w;
        var rgb = new byte[3 * hw];
        for (int i = 0; i < hw; i++)
            for (int c = 0; c < 3; c++)
                rgb[3 * i + c] = ToByte(chw[c * hw + i]);
        return rgb;
    }

    /// <summary>Label map (H×W class indices as floats) → palette colours; values outside [0, numClasses) (e.g. 255) are grey.</summary>
    public static byte[] Labels(float[] labels, int h, int w, int numClasses)
    {
        Check(labels, h * w, nameof(labels));
        var rgb = new byte[3 * h * w];
        for (int i = 0; i < h * w; i++)
        {
            float v = labels[i];
            int c = float.IsFinite(v) ? (int)MathF.Round(v) : -1;
            var col = c >= 0 && c < numClasses ? LabelColor(c) : Invalid;
            rgb[3 * i] = col.R; rgb[3 * i + 1] = col.G; rgb[3 * i + 2] = col.B;
        }
        return rgb;
    }

    /// <summary>
    /// Scalar map (H×W) → colours of <paramref name="palette"/> between <paramref name="min"/> and
    /// <paramref name="max"/> (default: the range of the valid values). Pixels where <paramref name="invalid"/> holds,
    /// or that are not finite, are grey.
    /// </summary>
    public static byte[] Scalar(float[] values, int h, int w, float? min = null, float? max = null,
        Func<float, bool>? invalid = null, ScalarPalette palette = ScalarPalette.Turbo)
    {
        Check(values, h * w, nameof(values));
        int n = h * w;
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            float v = values[i];
            if (!float.IsFinite(v) || (invalid != null && invalid(v))) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        float a = min ?? (float.IsFinite(lo) ? lo : 0f), b = max ?? (float.IsFinite(hi) ? hi : 1f);
        float scale = b > a ? 1f / (b - a) : 0f;
        var rgb = new byte[3 * n];
        for (int i = 0; i < n; i++)
        {
            float v = values[i];
            (byte R, byte G, byte B) col;
            if (!float.IsFinite(v) || (invalid != null && invalid(v))) col = Invalid;
            else col = Palette(Math.Clamp((v - a) * scale, 0f, 1f), palette);
            rgb[3 * i] = col.R; rgb[3 * i + 1] = col.G; rgb[3 * i + 2] = col.B;
        }
        return rgb;
    }

    /// <summary>Normals (3×H×W unit vectors) → RGB (n + 1) / 2; the zero vector (invalid) is grey.</summary>
    public static byte[] Normals(float[] chw, int h, int w)
    {
        Check(chw, 3 * h * w, nameof(chw));
        int hw = h * w;
        var rgb = new byte[3 * hw];
        for (int i = 0; i < hw; i++)
        {
            float x = chw[i], y = chw[hw + i], z = chw[2 * hw + i];
            if (x == 0 && y == 0 && z == 0 || !float.IsFinite(x + y + z))
            {
                rgb[3 * i] = Invalid.R; rgb[3 * i + 1] = Invalid.G; rgb[3 * i + 2] = Invalid.B;
                continue;
            }
            rgb[3 * i] = ToByte((x + 1) * 0.5f);
            rgb[3 * i + 1] = ToByte((y + 1) * 0.5f);
            rgb[3 * i + 2] = ToByte((z + 1) * 0.5f);
        }
        return rgb;
    }

    /// <summary>A palette colour at t in [0, 1].</summary>
    public static (byte R, byte G, byte B) Palette(float t, ScalarPalette palette)
    {
        t = Math.Clamp(t, 0f, 1f);
        switch (palette)
        {
            case ScalarPalette.Gray:
                {
                    byte g = ToByte(t);
                    return (g, g, g);
                }
            case ScalarPalette.Viridis:
                {
                    // polynomial fit of matplotlib's viridis (Inigo Quilez style, 6th order)
                    float r = 0.2777f + t * (0.1050f + t * (-0.3309f + t * (-4.6342f + t * (6.2282f + t * (4.7763f + t * -5.4354f)))));
                    float g = 0.0054f + t * (1.4046f + t * (0.2148f + t * (-5.7991f + t * (14.1799f + t * (-13.7451f + t * 4.6459f)))));
                    float b = 0.3341f + t * (1.3846f + t * (0.0951f + t * (-19.3324f + t * (56.6906f + t * (-65.3530f + t * 26.3124f)))));
                    return (ToByte(r), ToByte(g), ToByte(b));
                }
            default:
                {
                    // Google's turbo polynomial approximation
                    float r = 0.13572138f + t * (4.61539260f + t * (-42.66032258f + t * (132.13108234f + t * (-152.94239396f + t * 59.28637943f))));
                    float g = 0.09140261f + t * (2.19418839f + t * (4.84296658f + t * (-14.18503333f + t * (4.27729857f + t * 2.82956604f))));
                    float b = 0.10667330f + t * (12.64194608f + t * (-60.58204836f + t * (110.36276771f + t * (-89.90310912f + t * 27.34824973f))));
                    return (ToByte(r), ToByte(g), ToByte(b));
                }
        }
    }

    private static byte ToByte(float v) => (byte)(Math.Clamp(float.IsFinite(v) ? v : 0f, 0f, 1f) * 255f + 0.5f);

    private static void Check(float[] data, int expected, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.Length < expected) throw new ArgumentException($"{name} has {data.Length} values, expected {expected}", name);
    }
}
