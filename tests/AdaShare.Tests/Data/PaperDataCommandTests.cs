using AdaShare.Tests.Data.Fixtures;
using SkiaSharp;

namespace AdaShare.Tests.Data;

/// <summary>`adashare data check / preview` on the Taskonomy and DomainNet fixtures.</summary>
public sealed class PaperDataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-papercmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static int Invoke(params string[] args) => DataCommandTests.Invoke(args);

    [Fact]
    public void Check_and_preview_taskonomy()
    {
        TaskonomyFixture.Write(_dir, train: 3, test: 1);
        Assert.Equal(0, Invoke("data", "check", "--dataset", "taskonomy", "--root", _dir, "--split", "train"));
        var png = Path.Combine(_dir, "p.png");
        Assert.Equal(0, Invoke("data", "preview", "--dataset", "taskonomy", "--root", _dir, "--split", "test", "--count", "1", "--out", png, "--scale", "1"));
        using (var bmp = SKBitmap.Decode(png)) Assert.True(bmp.Width >= 6 * 256, $"width {bmp.Width}"); // rgb + 5 maps at 256

        File.WriteAllBytes(Path.Combine(_dir, TaskonomyFixture.PathOf("allensville", "depth_zbuffer", 1)), [1, 2, 3]);
        Assert.Equal(1, Invoke("data", "check", "--dataset", "taskonomy", "--root", _dir, "--split", "train"));
    }

    [Fact]
    public void Check_and_preview_domainnet()
    {
        DomainNetFixture.Write(_dir, new Dictionary<string, (int, int)> { ["real"] = (3, 2), ["sketch"] = (2, 1) });
        Assert.Equal(0, Invoke("data", "check", "--dataset", "domainnet", "--root", _dir, "--split", "test"));
        var png = Path.Combine(_dir, "p.png");
        Assert.Equal(0, Invoke("data", "preview", "--dataset", "domainnet", "--root", _dir, "--split", "train", "--count", "2", "--out", png, "--scale", "1"));
        using (var bmp = SKBitmap.Decode(png)) Assert.True(bmp.Width >= 2 * 224, $"width {bmp.Width}"); // one image per domain

        File.AppendAllLines(Path.Combine(_dir, "sketch_train.txt"), ["sketch/airplane/gone.png 1"]);
        Assert.Equal(1, Invoke("data", "check", "--dataset", "domainnet", "--root", _dir, "--split", "train"));
    }
}
