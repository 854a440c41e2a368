using AdaShare.Config;
using AdaShare.Experiments;

namespace AdaShare.Tests.Config;

public class ConfigLoaderTests
{
    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AdaShare.slnx")))
            dir = dir.Parent;
        return Path.Combine(new[] { dir!.FullName }.Concat(parts).ToArray());
    }

    [Theory]
    [InlineData("scenes-2task.yaml", 2)]
    [InlineData("scenes-3task.yaml", 3)]
    [InlineData("scenes-5task.yaml", 5)]
    public void ShippedConfigsLoadAndValidate(string file, int tasks)
    {
        var config = ConfigLoader.Load(Repo("configs", file));
        Assert.Equal(tasks, config.Tasks.Count);
        Assert.Equal("scenes", config.Data.Dataset);
    }

    [Fact]
    public void UnknownKeyNamesTheKeyAndLine()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: x\ntrain:\n  warmup_iterz: 3\n", "bad.yaml"));
        Assert.Contains("bad.yaml", e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("warmup_iterz", e.Message);
    }

    [Fact]
    public void MalformedYamlIsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: [unclosed\n", "broken.yaml"));
        Assert.Contains("broken.yaml", e.Message);
    }

    [Fact]
    public void InvalidValuesAreListedWithTheirKeyPaths()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            tasks: [{ name: segmentation }, { name: segmentation }, { name: colour }]
            policy: { gumbel: lukewarm }
            model: { backbone: resnet50 }
            train: { batch_size: 0 }
            """, "v.yaml"));
        Assert.Contains("tasks[1].name: 'segmentation' appears twice", e.Message);
        Assert.Contains("tasks[2].kind: 'colour' is not one of", e.Message);
        Assert.Contains("policy.gumbel", e.Message);
        Assert.Contains("model.backbone", e.Message);
        Assert.Contains("train.batch_size", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("/nonexistent/x.yaml"));
        Assert.Contains("/nonexistent/x.yaml", e.Message);
    }

    [Fact]
    public void OverridesChangeValuesAndRejectUnknownKeys()
    {
        var config = ConfigLoader.Load(Repo("configs", "scenes-3task.yaml"));
        var changed = ConfigLoader.WithOverrides(config, new[] { "train.warmup_iters=7", "model.aspp_dilations=[1, 2]", "seed=9" }, "cli");
        Assert.Equal(7, changed.Train.WarmupIters);
        Assert.Equal(new[] { 1, 2 }, changed.Model.AsppDilations);
        Assert.Equal(9, changed.Seed);
        Assert.Contains("unknown key 'train.nope'", Assert.Throws<ConfigException>(() => ConfigLoader.WithOverrides(config, new[] { "train.nope=1" }, "cli")).Message);
        Assert.Contains("must be ≥ 1", Assert.Throws<ConfigException>(() => ConfigLoader.WithOverrides(config, new[] { "train.batch_size=0" }, "cli")).Message);
        Assert.Contains("policy.entropy_start_tau: must be > 0", Assert.Throws<ConfigException>(() => ConfigLoader.WithOverrides(config, new[] { "policy.entropy_start_tau=0" }, "cli")).Message);
        Assert.Contains("policy.entropy_weight: must be ≥ 0", Assert.Throws<ConfigException>(() => ConfigLoader.WithOverrides(config, new[] { "policy.entropy_weight=-0.1" }, "cli")).Message);
    }

    [Fact]
    public void SavedConfigRoundTrips()
    {
        var config = ConfigLoader.Load(Repo("configs", "scenes-5task.yaml"));
        var again = ConfigLoader.Parse(ConfigYaml.ToYaml(config));
        Assert.Equal(ConfigYaml.ToYaml(config), ConfigYaml.ToYaml(again));
    }
}
