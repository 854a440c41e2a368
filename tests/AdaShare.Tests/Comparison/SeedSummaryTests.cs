using AdaShare.Cli.Commands;
using AdaShare.Comparison;
using AdaShare.Config;
using AdaShare.Metrics;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Comparison;

public class SeedSummaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-seeds-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static RunMetrics Seg(double miou) => new()
    {
        Tasks = new() { ["segmentation"] = [new MetricValue("mIoU", miou, true), new MetricValue("pixel_acc", 0.5, true)] },
    };

    [Fact]
    public void MeanStdAndMarksBeyondTheCombinedStd()
    {
        var config = TinyExperiment.Config("segmentation");
        // mIoU per seed: single 0.40/0.40, adashare 0.44/0.48, close 0.45/0.47, far 0.60/0.62.
        ComparisonTable Table(double ada, double close, double far) => ComparisonTable.Build(config,
            [("adashare", Seg(ada)), ("single-task", Seg(0.40)), ("close", Seg(close)), ("far", Seg(far))], Seg(0.40));
        var summary = SeedSummary.Build([(0, Table(0.44, 0.45, 0.60)), (1, Table(0.48, 0.47, 0.62))]);

        var ada = summary.Rows.Single(r => r.Method == "adashare");
        Assert.Equal(0.46, ada.Columns[0]!.Value.Mean, 9);
        Assert.Equal(Math.Sqrt(0.0008), ada.Columns[0]!.Value.Std, 9); // sample std of 0.44, 0.48
        // Δ_T per seed: (+10 + 0)/2 = 5 and (+20 + 0)/2 = 10 → 7.5 ± 3.536.
        Assert.Equal(7.5, ada.DeltaT!.Value.Mean, 9);
        var close = summary.Rows.Single(r => r.Method == "close");
        var far = summary.Rows.Single(r => r.Method == "far");
        Assert.False(summary.BeyondNoise(close, 0)); // |0.46 − 0.46| = 0
        Assert.True(summary.BeyondNoise(far, 0));    // |0.61 − 0.46| > √(0.0008 + 0.0002)
        Assert.False(summary.BeyondNoise(ada, 0));   // the reference itself is never marked
        string md = summary.ToMarkdown("t");
        Assert.Contains("0.61 ± 0.0141 †", md);
        Assert.Contains("paper", md);
        Assert.Equal(5, summary.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void SeedsAreParsedStrictly()
    {
        Assert.Equal([0, 1, 2], ComparisonRunner.ParseSeeds("0, 1,2,1"));
        Assert.Throws<ConfigException>(() => ComparisonRunner.ParseSeeds("0,x"));
        Assert.Throws<ConfigException>(() => ComparisonRunner.ParseSeeds(" , "));
    }

    [Fact]
    public void CompareWithSeedsRunsEachMethodPerSeedAndReusesThem()
    {
        var config = TinyExperiment.Config("segmentation", "depth");
        string configPath = Path.Combine(_dir, "tiny.yaml");
        ConfigYaml.Save(config, configPath);
        string runs = Path.Combine(_dir, "runs");
        var sets = new[] { "train.warmup_iters=2", "train.alternations=1", "train.retrain_iters=2", "policy.samples=1", "policy.include_argmax=false" };
        Assert.Equal(0, CompareCommand.Run(configPath, "adashare,single-task", runs, sets, TinyExperiment.Data, "4,5"));

        string root = Path.Combine(runs, "tiny-compare");
        foreach (int seed in new[] { 4, 5 })
        {
            foreach (string m in new[] { "adashare", "single-task" })
            {
                string dir = Path.Combine(root, $"seed-{seed}", m);
                Assert.True(ComparisonRunner.Finished(dir), dir);
                Assert.Equal(seed, ConfigLoader.Load(Path.Combine(dir, "config.yaml")).Seed);
            }
            Assert.True(File.Exists(Path.Combine(root, $"seed-{seed}", "compare.md")));
        }
        var csv = File.ReadAllLines(Path.Combine(root, "compare.csv"));
        Assert.Equal(3, csv.Length);
        Assert.Contains("delta_t/std", csv[0]);
        Assert.Contains("over seeds 4, 5", File.ReadAllText(Path.Combine(root, "compare.md")));

        // Finished runs are reused: nothing is trained or opened again.
        Assert.Equal(0, CompareCommand.Run(configPath, "adashare,single-task", runs, sets,
            _ => throw new InvalidOperationException("finished runs must not open the data"), "4,5"));
    }
}
