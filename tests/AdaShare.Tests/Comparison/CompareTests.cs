using AdaShare.Cli.Commands;
using AdaShare.Comparison;
using AdaShare.Config;
using AdaShare.Methods;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Comparison;

public class CompareTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void CompareWritesOneRowPerMethodAndReusesFinishedRuns()
    {
        var config = TinyExperiment.Config();
        string configPath = Path.Combine(_dir, "tiny.yaml");
        ConfigYaml.Save(config, configPath);
        string runs = Path.Combine(_dir, "runs");

        // Every baseline trains in BaselineTrainingTests; here the methods that depend on each other, kept short.
        var methods = new List<string> { "adashare", "single-task", "hard-sharing", "random-policy" };
        var sets = new[] { "train.warmup_iters=2", "train.alternations=2", "train.retrain_iters=3", "policy.samples=1", "policy.include_argmax=false" };
        Assert.Equal(0, CompareCommand.Run(configPath, "random-policy,hard-sharing,single-task,adashare", runs, sets, TinyExperiment.Data));

        string root = Path.Combine(runs, "tiny-compare");
        foreach (string m in methods)
            Assert.True(ComparisonRunner.Finished(Path.Combine(root, m)), m);
        foreach (string f in new[] { "compare.md", "compare.csv", "compare.png" })
            Assert.True(new FileInfo(Path.Combine(root, f)).Length > 0, f);

        var csv = File.ReadAllLines(Path.Combine(root, "compare.csv"));
        Assert.Equal(methods.Count + 1, csv.Length);
        var header = csv[0].Split(',');
        Assert.Equal(methods, csv.Skip(1).Select(l => l.Split(',')[0]));
        int delta = Array.IndexOf(header, "delta_t");
        Assert.True(delta > 0);
        Assert.Contains("segmentation/mIoU", header);
        Assert.Contains("multiply_adds", header);
        var single = csv.Single(l => l.StartsWith("single-task,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.0, double.Parse(single[delta], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var line in csv.Skip(1))
            Assert.True(double.IsFinite(double.Parse(line.Split(',')[delta], System.Globalization.CultureInfo.InvariantCulture)), line);

        var md = File.ReadAllText(Path.Combine(root, "compare.md"));
        foreach (string m in methods)
            Assert.Contains($"| {m} |", md);

        // random-policy ran with AdaShare's learned execute rate.
        var adashare = RunMetrics.Load(Path.Combine(root, "adashare", "metrics.json"));
        var randomConfig = ConfigLoader.Load(Path.Combine(root, "random-policy", "config.yaml"));
        Assert.Equal(adashare.ExecuteRate, randomConfig.Policy.RandomExecuteRate);

        // A second compare trains nothing: every metrics.json stays as it was.
        var stamps = methods.ToDictionary(m => m, m => File.GetLastWriteTimeUtc(Path.Combine(root, m, "metrics.json")));
        Assert.Equal(0, CompareCommand.Run(configPath, "hard-sharing,single-task", runs, sets,
            _ => throw new InvalidOperationException("finished runs must not open the data")));
        foreach (string m in methods)
            Assert.Equal(stamps[m], File.GetLastWriteTimeUtc(Path.Combine(root, m, "metrics.json")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(root, "compare.csv")).Length);
    }

    [Fact]
    public void MethodListIsValidatedAndPutsAdaShareFirst()
    {
        Assert.Equal(MethodRegistry.Names, ComparisonRunner.ResolveMethods("all"));
        Assert.Equal(new[] { "adashare", "single-task", "random-policy" }, ComparisonRunner.ResolveMethods("random-policy, single-task,adashare"));
        var e = Assert.Throws<ConfigException>(() => ComparisonRunner.ResolveMethods("hard-sharing,not-a-method"));
        Assert.Contains("not-a-method", e.Message);
    }

    [Fact]
    public void ChangedConfigIsNotSilentlyReused()
    {
        var config = TinyExperiment.Config();
        config.Train.RetrainIters = 2;
        var runner = new ComparisonRunner(config, TinyExperiment.Data, _dir, NullProgressSink.Instance);
        runner.Run(new[] { "hard-sharing" });
        config.Train.RetrainIters = 3;
        var changed = new ComparisonRunner(config, TinyExperiment.Data, _dir, NullProgressSink.Instance);
        Assert.Throws<ConfigException>(() => changed.Run(new[] { "hard-sharing" }));
    }

    [Fact]
    public void AFinishedBaselineIsReusedWhenOnlyKeysItDoesNotReadChange()
    {
        var config = TinyExperiment.Config();
        config.Train.RetrainIters = 2;
        var runner = new ComparisonRunner(config, TinyExperiment.Data, _dir, NullProgressSink.Instance);
        runner.Run(new[] { "hard-sharing" });
        string metrics = Path.Combine(runner.RunDirectoryOf("hard-sharing"), "metrics.json");
        var stamp = File.GetLastWriteTimeUtc(metrics);

        // AdaShare's policy keys and its warm-up / policy-phase schedule: a baseline never reads them.
        config.Policy.EntropyWeight = 0.3;
        config.Policy.SparsityWeight = 0.2;
        config.Policy.GumbelDraw = "image";
        config.Train.Alternations = 9;
        config.Train.WarmupIters = 5;
        config.Train.LrPolicy = 0.5;
        var tuned = new ComparisonRunner(config, _ => throw new InvalidOperationException("a reused run must not open the data"), _dir, NullProgressSink.Instance);
        tuned.Run(new[] { "hard-sharing" });
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(metrics));
    }

    [Fact]
    public void AdaShareReadsItsPolicyKeysAndBaselinesReadOnlyTheRandomExecuteRate()
    {
        var config = TinyExperiment.Config();
        string saved = Path.Combine(_dir, "config.yaml");
        ConfigYaml.Save(config, saved);
        var tuned = ConfigYaml.Clone(config, "tuned");
        tuned.Policy.EntropyWeight = 0.3;
        tuned.Train.Alternations += 1;
        Assert.False(ConfigYaml.SavedEquals(saved, tuned, MethodRegistry.Get("adashare").ReadKeys));
        Assert.True(ConfigYaml.SavedEquals(saved, tuned, MethodRegistry.Get("hard-sharing").ReadKeys));
        Assert.True(ConfigYaml.SavedEquals(saved, tuned, MethodRegistry.Get("random-policy").ReadKeys));
        tuned.Policy.RandomExecuteRate = 0.25; // random-policy's architecture is drawn with it
        Assert.False(ConfigYaml.SavedEquals(saved, tuned, MethodRegistry.Get("random-policy").ReadKeys));
        tuned = ConfigYaml.Clone(config, "tuned");
        tuned.Train.RetrainIters += 1; // every baseline's own budget
        Assert.False(ConfigYaml.SavedEquals(saved, tuned, MethodRegistry.Get("hard-sharing").ReadKeys));
    }
}
