using SkiaSharp;

namespace AdaShare.Reporting;

/// <summary>
/// A grid of RGB tiles (interleaved H×W×3 bytes) saved as one PNG: one row per <see cref="AddRow"/>, optional
/// column headers on top, tiles upscaled by an integer factor (nearest neighbour), 2-pixel gaps. Tiles of a
/// column may differ in size; cells take the largest tile of their column and row.
/// </summary>
public sealed class ImageGrid
{
    private readonly List<List<(byte[] Rgb, int H, int W)>> _rows = [];

    public int RowCount => _rows.Count;

    public ImageGrid AddRow(IEnumerable<(byte[] Rgb, int H, int W)> tiles)
    {
        var row = tiles.ToList();
        foreach (var (rgb, h, w) in row)
        {
            if (h <= 0 || w <= 0) throw new ArgumentException($"tile size {h}x{w} invalid");
            if (rgb.Length < 3 * h * w) throw new ArgumentException($"tile of {h}x{w} needs {3 * h * w} bytes, got {rgb.Length}");
        }
        _rows.Add(row);
        return this;
    }

    public void SavePng(string path, IReadOnlyList<string>? headers = null, int scale = 1)
    {
        var bytes = EncodePng(headers, scale);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, bytes);
    }

    public byte[] EncodePng(IReadOnlyList<string>? headers = null, int scale = 1)
    {
        if (scale < 1 || scale > 64) throw new ArgumentOutOfRangeException(nameof(scale), "scale must be in [1, 64]");
        if (_rows.Count == 0) throw new InvalidOperationException("the grid has no rows");
        const int gap = 2;
        int cols = Math.Max(_rows.Max(r => r.Count), headers?.Count ?? 0);
        var colW = new int[cols];
        var rowH = new int[_rows.Count];
        for (int r = 0; r < _rows.Count; r++)
            for (int c = 0; c < _rows[r].Count; c++)
            {
                colW[c] = Math.Max(colW[c], _rows[r][c].W * scale);
                rowH[r] = Math.Max(rowH[r], _rows[r][c].H * scale);
            }
        using var font = new SKFont(SKTypeface.Default, 12);
        int headerH = headers is { Count: > 0 } ? 18 : 0;
        if (headers != null)
            for (int c = 0; c < headers.Count; c++)
                colW[c] = Math.Max(colW[c], (int)MathF.Ceiling(font.MeasureText(headers[c])) + 4);
        int width = colW.Sum() + gap * (cols + 1);
        int height = headerH + rowH.Sum() + gap * (_rows.Count + 1);

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        for (int i = 0; i < pixels.Length; i += 4) { pixels[i] = 255; pixels[i + 1] = 255; pixels[i + 2] = 255; pixels[i + 3] = 255; }
        int y0 = headerH + gap;
        for (int r = 0; r < _rows.Count; r++)
        {
            int x0 = gap;
            for (int c = 0; c < cols; c++)
            {
                if (c < _rows[r].Count)
                {
                    var (rgb, th, tw) = _rows[r][c];
                    for (int y = 0; y < th * scale; y++)
                    {
                        int sy = y / scale;
                        int row = ((y0 + y) * width + x0) * 4;
                        for (int x = 0; x < tw * scale; x++)
                        {
                            int s = (sy * tw + x / scale) * 3;
                            int d = row + 4 * x;
                            pixels[d] = rgb[s]; pixels[d + 1] = rgb[s + 1]; pixels[d + 2] = rgb[s + 2];
                        }
                    }
                }
                x0 += colW[c] + gap;
            }
            y0 += rowH[r] + gap;
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);

        if (headerH > 0 && headers != null)
        {
            using var canvas = new SKCanvas(bitmap);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            int x0 = gap;
            for (int c = 0; c < cols; c++)
            {
                if (c < headers.Count) canvas.DrawText(headers[c], x0 + colW[c] / 2f, headerH - 4, SKTextAlign.Center, font, paint);
                x0 += colW[c] + gap;
            }
            canvas.Flush();
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
