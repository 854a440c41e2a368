using AdaShare.Cli.Commands;
using AdaShare.Data;
using AdaShare.Inference;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using SkiaSharp;

namespace AdaShare.Tests.Inference;

[Collection(FinishedRunCollection.Name)]
public sealed class PredictEvalSummaryTests(FinishedRunFixture run) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-predict-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static int Invoke(params string[] args)
    {
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(SummaryCommand.Create());
        return root.Parse(args).Invoke();
    }

    private static void WritePng(string path, int w, int h, SKColorType type, SKAlphaType alpha)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, type, alpha));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 7), (byte)(y * 5), 90, (byte)(x % 2 == 0 ? 255 : 128)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Predict_on_a_split_writes_one_picture_per_image_with_truth_and_prediction()
    {
        string outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, Invoke("predict", "--run", run.Root, "--split", "test", "--limit", "3", "--out", outDir));
        var files = Directory.GetFiles(outDir, "*.png").Order().ToList();
        Assert.Equal(new[] { "test-0000.png", "test-0001.png", "test-0002.png" }, files.Select(Path.GetFileName));
        using var bitmap = SKBitmap.Decode(files[0]);
        // input + (truth, prediction) for three dense tasks = 7 tiles of 32 px upscaled ×5.
        Assert.True(bitmap.Width >= 7 * 160, $"width {bitmap.Width}");
    }

    [Fact]
    public void Predict_npy_writes_raw_outputs_at_the_input_resolution_and_skips_bad_files()
    {
        string inDir = Path.Combine(_dir, "in");
        Directory.CreateDirectory(inDir);
        WritePng(Path.Combine(inDir, "big.png"), 50, 40, SKColorType.Rgba8888, SKAlphaType.Unpremul);   // other size, RGBA
        WritePng(Path.Combine(inDir, "grey.png"), 32, 32, SKColorType.Gray8, SKAlphaType.Opaque);         // greyscale
        File.WriteAllText(Path.Combine(inDir, "broken.png"), "not a png");                                 // corrupt
        string outDir = Path.Combine(_dir, "npy");

        Assert.Equal(1, Invoke("predict", "--run", run.Root, "--input", inDir, "--out", outDir, "--format", "npy"));

        Assert.False(Directory.Exists(Path.Combine(outDir, "broken")));
        var seg = NpyReader.Read(Path.Combine(outDir, "big", "segmentation.npy"));
        Assert.Equal(new[] { 7, 40, 50 }, seg.Shape);
        Assert.Equal("<f4", seg.DType);
        Assert.Equal(new[] { 1, 40, 50 }, NpyReader.Read(Path.Combine(outDir, "big", "depth.npy")).Shape);
        Assert.Equal(new[] { 3, 32, 32 }, NpyReader.Read(Path.Combine(outDir, "grey", "normal.npy")).Shape);
        Assert.All(seg.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Greyscale_and_rgba_images_decode_to_three_channels_with_a_note()
    {
        string grey = Path.Combine(_dir, "g.png"), rgba = Path.Combine(_dir, "a.png");
        WritePng(grey, 8, 6, SKColorType.Gray8, SKAlphaType.Opaque);
        WritePng(rgba, 8, 6, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var g = InputImage.Load(grey);
        Assert.Equal(3 * 6 * 8, g.Chw.Length);
        Assert.Contains(g.Notes, n => n.Contains("greyscale"));
        Assert.Equal(g.Chw[5], g.Chw[48 + 5]); // R == G
        var a = InputImage.Load(rgba);
        Assert.Contains(a.Notes, n => n.Contains("alpha"));
        // Pixel (1, 0) is half transparent over white: 0.5·(7/255) + 0.5.
        Assert.Equal(0.5f * 7 / 255f + 0.5f, a.Chw[1], 2);
        var e = Assert.Throws<InvalidDataException>(() => InputImage.Load(WriteGarbage()));
        Assert.Contains("garbage.jpg", e.Message);
    }

    private string WriteGarbage()
    {
        string path = Path.Combine(_dir, "garbage.jpg");
        File.WriteAllBytes(path, new byte[] { 0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3 });
        return path;
    }

    [Fact]
    public void Eval_rescoring_the_test_split_reproduces_the_runs_metrics()
    {
        string outFile = Path.Combine(_dir, "m.json");
        Assert.Equal(0, Invoke("eval", "--run", run.Root, "--split", "test", "--out", outFile));
        var again = RunMetrics.Load(outFile);
        var original = RunMetrics.Load(Path.Combine(run.Root, "metrics.json"));
        foreach (var (task, values) in original.Tasks)
            for (int i = 0; i < values.Count; i++)
                Assert.Equal(values[i].Value, again.Tasks[task][i].Value, 6);
        Assert.Equal(original.Parameters.Model, again.Parameters.Model);

        Assert.Equal(0, Invoke("eval", "--run", run.Root, "--split", "val", "--metrics", "official-compat"));
        var compat = RunMetrics.Load(Path.Combine(run.Root, "eval", "val-official-compat", "metrics.json"));
        Assert.Equal("val", compat.Split);
        Assert.Equal("official-compat", compat.MetricsMode);
    }

    [Fact]
    public void Summary_splits_parameters_into_shared_and_task_specific()
    {
        Assert.Equal(0, Invoke("summary", "--run", run.Root));
        Assert.Equal(0, Invoke("summary", "--config", Path.Combine(run.Root, "config.yaml")));
        Assert.Equal(1, Invoke("summary", "--run", run.Root, "--config", Path.Combine(run.Root, "config.yaml")));
        using var trained = TrainedRun.Open(run.Root);
        var s = ModelSummary.Build(trained.Config, trained.Net, trained.Policy);
        Assert.Equal(s.Cost.Parameters, s.SharedParameters + s.TaskSpecificParameters);
        Assert.Equal(RunMetrics.Load(Path.Combine(run.Root, "metrics.json")).Parameters.Model, s.Cost.Parameters);
        Assert.Equal(trained.Net.BlockCount, s.Blocks.Count);
        Assert.All(s.Blocks, b => Assert.Equal(trained.Policy.TasksExecuting(b.Block).Count(), b.ExecutedBy.Count));
    }

    [Fact]
    public void Commands_on_an_unfinished_run_fail_with_one_line()
    {
        string unfinished = Path.Combine(_dir, "unfinished");
        Directory.CreateDirectory(unfinished);
        File.Copy(Path.Combine(run.Root, "config.yaml"), Path.Combine(unfinished, "config.yaml"));
        var e = Assert.Throws<UserErrorException>(() => TrainedRun.Open(unfinished));
        Assert.Contains("unfinished", e.Message);
        Assert.Equal(1, Invoke("eval", "--run", unfinished));
        Assert.Equal(1, Invoke("predict", "--run", Path.Combine(_dir, "nowhere"), "--split", "test", "--out", _dir));
    }
}
