using AdaShare.Data.Images;
using AdaShare.Tests.Data.Fixtures;
using SkiaSharp;

namespace AdaShare.Tests.Data;

public sealed class ImageFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-images-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Sixteen_bit_grey_png_decodes_exactly()
    {
        int[] values = [0, 1, 255, 256, 4097, 32768, 64499, 64500, 65535, 12345, 54321, 2];
        string path = Path.Combine(_dir, "depth.png");
        PngWriter.Write(path, 3, 4, 1, 16, values);
        var img = ImageFile.Read(path, 1);
        Assert.Equal((3, 4, 1, 16), (img.Height, img.Width, img.Channels, img.BitDepth));
        Assert.Equal(values, img.Samples.Select(v => (int)v));
    }

    [Fact]
    public void Eight_bit_grey_and_rgb_png_decode_exactly()
    {
        string grey = Path.Combine(_dir, "seg.png"), rgb = Path.Combine(_dir, "rgb.png");
        int[] labels = [0, 1, 2, 17, 200, 255];
        PngWriter.Write(grey, 2, 3, 1, 8, labels);
        var colour = Enumerable.Range(0, 2 * 3 * 3).Select(i => i * 13 % 256).ToArray();
        PngWriter.Write(rgb, 2, 3, 3, 8, colour);
        Assert.Equal(labels, ImageFile.Read(grey, 1).Samples.Select(v => (int)v));
        var c = ImageFile.Read(rgb, 3);
        Assert.Equal(8, c.BitDepth);
        Assert.Equal(colour, c.Samples.Select(v => (int)v));
        Assert.Equal(colour[(1 * 3 + 2) * 3 + 1], c[1, 2, 1]);
    }

    [Fact]
    public void Jpeg_decodes_to_rgb_close_to_the_source()
    {
        string path = Path.Combine(_dir, "photo.jpg");
        JpegWriter.Write(path, 16, 16, (y, x) => (200, 40, 90));
        var img = ImageFile.Read(path, 3);
        Assert.Equal((16, 16, 3, 8), (img.Height, img.Width, img.Channels, img.BitDepth));
        Assert.InRange(img[8, 8, 0], 190, 210);
        Assert.InRange(img[8, 8, 1], 30, 50);
        Assert.InRange(img[8, 8, 2], 80, 100);
    }

    [Fact]
    public void Missing_truncated_garbage_and_colour_for_grey_give_one_line_errors_naming_the_file()
    {
        string missing = Path.Combine(_dir, "none.png");
        Assert.Contains($"{missing}: file not found", Assert.Throws<InvalidDataException>(() => ImageFile.Read(missing, 3)).Message);

        string full = Path.Combine(_dir, "full.png"), cut = Path.Combine(_dir, "cut.png");
        PngWriter.Write(full, 32, 32, 3, 8, Enumerable.Range(0, 32 * 32 * 3).Select(i => i * 7 % 256).ToArray());
        var bytes = File.ReadAllBytes(full);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Read(cut, 3));
        Assert.StartsWith($"{cut}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        string garbage = Path.Combine(_dir, "garbage.jpg");
        File.WriteAllText(garbage, "not an image");
        Assert.Contains("not a readable PNG or JPEG", Assert.Throws<InvalidDataException>(() => ImageFile.Read(garbage, 3)).Message);

        Assert.Contains("colour PNG, expected a single-channel grey", Assert.Throws<InvalidDataException>(() => ImageFile.Read(full, 1)).Message);
    }
}
