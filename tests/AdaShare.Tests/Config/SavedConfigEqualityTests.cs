using AdaShare.Config;
using AdaShare.Tests.Fakes;

namespace AdaShare.Tests.Config;

/// <summary>
/// `train --config` into an existing run and `compare` reusing a finished cell check that the saved config.yaml is the
/// requested config. A run saved by an older version lacks the keys added since; they take their defaults (which keep
/// the old behaviour), so such a run must still match, while a real difference must not.
/// </summary>
public class SavedConfigEqualityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("saved-config").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Save(string yaml)
    {
        string path = Path.Combine(dir, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void TheSameTextMatches()
    {
        var config = TinyExperiment.Config();
        Assert.True(ConfigYaml.SavedEquals(Save(ConfigYaml.ToYaml(config)), config));
    }

    [Fact]
    public void AConfigSavedBeforeAKeyExistedMatchesWhileTheKeyHasItsDefault()
    {
        var config = TinyExperiment.Config();
        string yaml = ConfigYaml.ToYaml(config);
        string older = string.Join('\n', yaml.Split('\n').Where(line => !line.TrimStart().StartsWith("gumbel_draw:", StringComparison.Ordinal)));
        Assert.NotEqual(yaml, older);
        Assert.True(ConfigYaml.SavedEquals(Save(older), config));

        config.Policy.GumbelDraw = "image"; // no longer the default: the older run did not run with it
        Assert.False(ConfigYaml.SavedEquals(Save(older), config));
    }

    [Fact]
    public void ADifferentValueDoesNotMatch()
    {
        var config = TinyExperiment.Config();
        string saved = Save(ConfigYaml.ToYaml(config));
        config.Train.WarmupIters += 1;
        Assert.False(ConfigYaml.SavedEquals(saved, config));
    }

    [Fact]
    public void ASavedFileThisVersionCannotReadDoesNotMatch()
    {
        var config = TinyExperiment.Config();
        Assert.False(ConfigYaml.SavedEquals(Save(ConfigYaml.ToYaml(config) + "removed_key: 3\n"), config));
    }
}
