using AdaShare.Cli.Commands;
using SkiaSharp;

namespace AdaShare.Tests.Data;

public sealed class DataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-datacmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    internal static int Invoke(params string[] args)
    {
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(DataCommand.Create());
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Preview_writes_a_png_grid()
    {
        var png = Path.Combine(_dir, "p.png");
        Assert.Equal(0, Invoke("data", "preview", "--dataset", "scenes", "--out", png, "--count", "3", "--seed", "4", "--height", "32", "--width", "40"));
        using var bmp = SKBitmap.Decode(png);
        Assert.True(bmp.Width >= 6 * 160, $"width {bmp.Width}"); // rgb + 5 targets, 40 px tiles upscaled x4
        Assert.True(bmp.Height >= 3 * 128);
    }

    [Fact]
    public void Export_then_check_reads_the_export()
    {
        var root = Path.Combine(_dir, "nyu");
        Assert.Equal(0, Invoke("data", "export", "--dataset", "scenes", "--format", "nyuv2-npy", "--out", root, "--count", "4", "--height", "24", "--width", "32"));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(root, "train", "image")).Length);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(root, "val", "keypoint")).Length); // all: test → val/
        Assert.Equal(0, Invoke("data", "check", "--dataset", "nyuv2-npy", "--root", root, "--split", "val"));
        Assert.Equal(0, Invoke("data", "check", "--dataset", "scenes", "--split", "test", "--count", "10"));

        File.WriteAllText(Path.Combine(root, "train", "depth", "2.npy"), "garbage");
        Assert.Equal(1, Invoke("data", "check", "--dataset", "nyuv2-npy", "--root", root));
        Assert.Equal(1, Invoke("data", "check", "--dataset", "nyuv2-npy", "--root", Path.Combine(_dir, "missing")));
        Assert.Equal(1, Invoke("data", "check", "--dataset", "nyuv2-npy"));
    }
}
