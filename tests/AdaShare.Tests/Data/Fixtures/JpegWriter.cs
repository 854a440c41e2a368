using SkiaSharp;

namespace AdaShare.Tests.Data.Fixtures;

/// <summary>Writes a real baseline JPEG (SkiaSharp's encoder, quality 95) from a colour function.</summary>
public static class JpegWriter
{
    public static void Write(string path, int height, int width, Func<int, int, (int R, int G, int B)> colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = colour(y, x);
                bitmap.SetPixel(x, y, new SKColor((byte)r, (byte)g, (byte)b));
            }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        File.WriteAllBytes(path, data.ToArray());
    }
}
