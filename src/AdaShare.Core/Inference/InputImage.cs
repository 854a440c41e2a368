using SkiaSharp;

namespace AdaShare.Inference;

/// <summary>
/// An image file decoded to the network's input convention (3×H×W RGB floats in [0, 1]), with notes on what was
/// converted: greyscale is copied to R, G and B; an alpha channel is composited over white.
/// </summary>
public sealed record InputImage(string Name, float[] Chw, int Height, int Width, IReadOnlyList<string> Notes)
{
    /// <summary>Image file extensions a folder input is scanned for.</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp" };

    /// <summary>Decodes <paramref name="path"/>; <see cref="InvalidDataException"/> naming the file when it is not a readable image.</summary>
    public static InputImage Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file");
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"{path}: not a readable image (corrupt or unknown format)");
        var info = codec.Info;
        var notes = new List<string>();
        if (info.ColorType is SKColorType.Gray8 or SKColorType.Alpha8)
            notes.Add("greyscale: grey copied to R, G and B");
        if (info.AlphaType != SKAlphaType.Opaque && info.ColorType is not (SKColorType.Gray8 or SKColorType.Alpha8))
            notes.Add("alpha channel composited over white");
        using var bitmap = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput) || info.Width <= 0 || info.Height <= 0)
            throw new InvalidDataException($"{path}: not a readable image ({result})");
        if (result == SKCodecResult.IncompleteInput)
            throw new InvalidDataException($"{path}: the image data is truncated");

        int h = info.Height, w = info.Width, hw = h * w;
        var rgba = bitmap.Bytes;
        var chw = new float[3 * hw];
        for (int i = 0; i < hw; i++)
        {
            float alpha = rgba[4 * i + 3] / 255f;
            for (int c = 0; c < 3; c++)
                chw[c * hw + i] = alpha * (rgba[4 * i + c] / 255f) + (1 - alpha);
        }
        return new InputImage(Path.GetFileNameWithoutExtension(path), chw, h, w, notes);
    }

    /// <summary>Files named on the command line: image files as given, folders scanned (sorted) for image files.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.GetFiles(input).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new FileNotFoundException($"{input}: the folder holds no image files ({string.Join(", ", Extensions)})");
                files.AddRange(found);
            }
            else
                files.Add(input);
        }
        return files;
    }
}
