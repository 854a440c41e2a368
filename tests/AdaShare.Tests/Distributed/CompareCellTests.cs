using AdaShare.Cli.Commands;
using AdaShare.Config;
using AdaShare.Comparison;
using AdaShare.Tests.Fakes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Distributed;

/// <summary>`compare --only METHOD --seed S`: one cell of a comparison, in the folder the full comparison reads.</summary>
public sealed class CompareCellTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-cell-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void OneCellTrainsOneMethodWithItsSeedIntoTheSeedFolderAndIsReusedAfterwards()
    {
        string configPath = Path.Combine(_dir, "tiny.yaml");
        ConfigYaml.Save(TinyExperiment.Config(), configPath);
        string runs = Path.Combine(_dir, "runs");
        var sets = new[] { "train.retrain_iters=2" };

        Assert.Equal(0, CompareCommand.RunCell(configPath, "hard-sharing", 5, runs, sets, TinyExperiment.Data));
        string cell = Path.Combine(runs, "tiny-compare", "seed-5", "hard-sharing");
        Assert.True(ComparisonRunner.Finished(cell));
        Assert.Equal(5, ConfigLoader.Load(Path.Combine(cell, "config.yaml")).Seed);
        Assert.Single(Directory.GetDirectories(Path.Combine(runs, "tiny-compare")));
        Assert.Single(Directory.GetDirectories(Path.Combine(runs, "tiny-compare", "seed-5")));

        var stamp = File.GetLastWriteTimeUtc(Path.Combine(cell, "metrics.json"));
        Assert.Equal(0, CompareCommand.RunCell(configPath, "hard-sharing", 5, runs, sets, TinyExperiment.Data));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(cell, "metrics.json")));

        Assert.Equal(2, CompareCommand.RunCell(configPath, "hard-sharing,mtan", 5, runs, sets, TinyExperiment.Data));
        Assert.Equal(2, CompareCommand.RunCell(configPath, "no-such-method", null, runs, sets, TinyExperiment.Data));
    }
}
