using ScottPlot;
using SkiaSharp;

namespace AdaShare.Reporting;

/// <summary>Several ScottPlot plots as one PNG: panels of equal size in rows of <c>columns</c>, under an optional title.</summary>
public static class PanelGrid
{
    public static void Save(string path, IReadOnlyList<Plot> panels, int panelWidth, int panelHeight, int columns, string? title = null)
    {
        if (panels.Count == 0)
            throw new ArgumentException("no panels to draw", nameof(panels));
        columns = Math.Clamp(columns, 1, panels.Count);
        int rows = (panels.Count + columns - 1) / columns;
        int titleHeight = title == null ? 0 : 34;
        using var surface = SKSurface.Create(new SKImageInfo(columns * panelWidth, titleHeight + rows * panelHeight));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        if (title != null)
        {
            using var font = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 18);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(title, columns * panelWidth / 2f, 24, SKTextAlign.Center, font, paint);
        }
        for (int i = 0; i < panels.Count; i++)
        {
            byte[] png = panels[i].GetImageBytes(panelWidth, panelHeight, ImageFormat.Png);
            using var bitmap = SKBitmap.Decode(png);
            canvas.DrawBitmap(bitmap, i % columns * panelWidth, titleHeight + i / columns * panelHeight);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
