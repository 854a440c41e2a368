using AdaShare.Cli.Commands;
using AdaShare.Comparison;
using AdaShare.Config;
using AdaShare.Tests.Fakes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Comparison;

/// <summary>`compare --weightings`: method × weighting cells, the config's own weighting in the method's folder, finished cells reused.</summary>
public class CompareWeightingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-compare-weightings-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void EachMethodTrainsOncePerWeightingAndTheTableListsEveryCell()
    {
        string configPath = Path.Combine(_dir, "tiny.yaml");
        ConfigYaml.Save(TinyExperiment.Config(), configPath);
        string runs = Path.Combine(_dir, "runs");
        var sets = new[] { "train.retrain_iters=2", "data.height=16", "data.width=16" };

        Assert.Equal(0, CompareCommand.Run(configPath, "hard-sharing,single-task", runs, sets, TinyExperiment.Data, weightingSpec: "ew,pcgrad"));

        string root = Path.Combine(runs, "tiny-compare");
        Assert.True(ComparisonRunner.Finished(Path.Combine(root, "hard-sharing")));
        Assert.True(ComparisonRunner.Finished(Path.Combine(root, "hard-sharing+pcgrad")));
        Assert.False(Directory.Exists(Path.Combine(root, "single-task+pcgrad"))); // one task: nothing to weigh
        Assert.Contains("name: pcgrad", File.ReadAllText(Path.Combine(root, "hard-sharing+pcgrad", "config.yaml")));
        Assert.DoesNotContain("\nweighting:", File.ReadAllText(Path.Combine(root, "hard-sharing", "config.yaml")));
        var rows = File.ReadAllLines(Path.Combine(root, "compare.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(new[] { "single-task", "hard-sharing", "hard-sharing+pcgrad" }, rows); // methods in registry order, weightings as listed

        // Finished cells are reused: a second compare trains nothing (the checkpoints stay untouched).
        string model = Path.Combine(root, "hard-sharing+pcgrad", "checkpoints", "train", "model.pt");
        var written = File.GetLastWriteTimeUtc(model);
        Assert.Equal(0, CompareCommand.Run(configPath, "hard-sharing,single-task", runs, sets, TinyExperiment.Data, weightingSpec: "ew,pcgrad"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(model));
    }

    [Fact]
    [Trait("Category", "Focused")]
    public void AnUnknownWeightingIsAOneLineError()
    {
        var e = Assert.Throws<ConfigException>(() => ComparisonRunner.ResolveWeightings("ew,nope"));
        Assert.Contains("--weightings", e.Message);
        Assert.Contains("nope", e.Message);
        Assert.Equal(new[] { "uw", "ew" }, ComparisonRunner.ResolveWeightings(" uw, ew ,uw"));
    }
}
