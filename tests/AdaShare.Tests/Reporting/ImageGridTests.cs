using AdaShare.Reporting;
using SkiaSharp;

namespace AdaShare.Tests.Reporting;

public class ImageGridTests
{
    [Fact]
    public void Png_has_the_grid_size_and_upscaled_tiles()
    {
        var red = Enumerable.Range(0, 6).SelectMany(_ => new byte[] { 255, 0, 0 }).ToArray();   // 2x3
        var blue = Enumerable.Range(0, 6).SelectMany(_ => new byte[] { 0, 0, 255 }).ToArray();
        var grid = new ImageGrid().AddRow([(red, 2, 3), (blue, 2, 3)]).AddRow([(blue, 2, 3), (red, 2, 3)]);
        var png = grid.EncodePng(null, 4);
        using var bmp = SKBitmap.Decode(png);
        Assert.Equal(2 * 12 + 3 * 2, bmp.Width);
        Assert.Equal(2 * 8 + 3 * 2, bmp.Height);
        Assert.Equal(new SKColor(255, 0, 0), bmp.GetPixel(2, 2));
        Assert.Equal(new SKColor(255, 0, 0), bmp.GetPixel(2 + 11, 2 + 7));
        Assert.Equal(new SKColor(0, 0, 255), bmp.GetPixel(2 + 12 + 2, 2));
        Assert.Equal(new SKColor(0, 0, 255), bmp.GetPixel(2, 2 + 8 + 2));
    }

    [Fact]
    public void Headers_add_a_text_band_and_the_file_is_written()
    {
        var tile = new byte[3 * 4 * 4];
        var path = Path.Combine(Path.GetTempPath(), $"adashare-grid-{Guid.NewGuid():N}.png");
        try
        {
            new ImageGrid().AddRow([(tile, 4, 4), (tile, 4, 4)]).SavePng(path, ["rgb", "depth"], 10);
            using var bmp = SKBitmap.Decode(path);
            Assert.True(bmp.Height > 40 + 4);
            Assert.True(bmp.Width >= 2 * 40 + 6);
        }
        finally { File.Delete(path); }
        Assert.Throws<ArgumentException>(() => new ImageGrid().AddRow([(new byte[5], 2, 2)]));
        Assert.Throws<InvalidOperationException>(() => new ImageGrid().EncodePng());
    }
}
