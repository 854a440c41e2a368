using AdaShare.Config;
using AdaShare.Tests.Fakes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Config;

/// <summary>The config's closed choices: typed once, and an unknown value is one line naming the key and the allowed values.</summary>
public class TypedChoicesTests
{
    [Theory]
    [InlineData("eval.metrics", "official", "standard, official-compat")]
    [InlineData("eval.upsample", "cubic", "bilinear, nearest")]
    [InlineData("model.loss_resolution", "output", "prediction, input")]
    [InlineData("policy.gumbel", "warm", "soft, hard")]
    [InlineData("policy.gumbel_draw", "pixel", "batch, image")]
    [InlineData("policy.sharing_weighting", "uniform", "paper, official")]
    [InlineData("policy.sharing_on", "weights", "logit, probability")]
    [InlineData("policy.from", "first", "last, best")]
    [InlineData("train.policy_phase_weight_optimizer", "rmsprop", "sgd, adam")]
    public void UnknownValueNamesTheKeyAndTheAllowedOnes(string key, string value, string allowed)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.WithOverrides(TinyExperiment.Config(), new[] { $"{key}={value}" }, "cli"));
        Assert.Contains($"{key}: '{value}' is not one of {allowed}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void EveryChoiceIsReadTyped()
    {
        var c = ConfigLoader.WithOverrides(TinyExperiment.Config(), new[]
        {
            "eval.metrics=official-compat", "eval.upsample=nearest", "model.loss_resolution=input", "policy.gumbel=hard", "policy.gumbel_draw=image",
            "policy.sharing_weighting=official", "policy.sharing_on=probability", "policy.from=best", "train.policy_phase_weight_optimizer=adam",
        }, "cli");
        Assert.Equal(new EvaluationOptions(MetricMode.OfficialCompat, Upsampling.Nearest), c.Eval.Options);
        Assert.Equal(LossResolution.Input, c.Model.LossResolutionMode);
        Assert.Equal(GumbelMode.Hard, c.Policy.GumbelMode);
        Assert.Equal(GumbelDraw.Image, c.Policy.GumbelDrawMode);
        Assert.Equal(SharingWeighting.Official, c.Policy.SharingWeightingMode);
        Assert.Equal(SharingOn.Probability, c.Policy.SharingOnMode);
        Assert.Equal(PolicySource.Best, c.Policy.Source);
        Assert.Equal(WeightOptimizer.Adam, c.Train.PolicyPhaseWeightOptimizerKind);
        // The typed view is not written back to the YAML: a saved config stays the user's strings.
        Assert.DoesNotContain("gumbel_mode", ConfigYaml.ToYaml(c));
        Assert.Contains("gumbel: hard", ConfigYaml.ToYaml(c));
    }

    [Fact]
    public void KebabCaseNamesRoundTrip()
    {
        Assert.Equal("official-compat", ConfigChoice.Name(MetricMode.OfficialCompat));
        Assert.Equal(MetricMode.OfficialCompat, ConfigChoice.Parse<MetricMode>("eval.metrics", "official-compat"));
        Assert.Equal(["standard", "official-compat"], ConfigChoice.Names<MetricMode>());
    }
}
