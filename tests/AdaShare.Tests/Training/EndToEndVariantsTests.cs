using AdaShare.Config;
using AdaShare.Methods;
using AdaShare.Model.Policy;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Training;

/// <summary>The whole pipeline with the settings the default tiny run leaves out: skip_layer 1, hard Gumbel, loss at prediction resolution.</summary>
public class EndToEndVariantsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-variants-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void SkipLayerHardGumbelAndPredictionResolutionLossRunEndToEnd()
    {
        var config = ConfigLoader.WithOverrides(TinyExperiment.Config(), new[]
        {
            "policy.skip_layer=1", "policy.gumbel=hard", "model.loss_resolution=prediction",
            "data.height=16", "data.width=16", "train.batch_size=4",
        }, "test");
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        var state = Trainer.Run(ctx);

        Assert.Equal(new AdaShare.Methods.AdaShare.AdaShareMethod().Phases.Select(p => p.Name), state.CompletedPhases);
        // skip_layer 1: block 0 has no decision — probability 1 and executed by every task in every drawn policy.
        string probabilities = File.ReadAllText(Path.Combine(_dir, "policies", "probabilities.json"));
        var probs = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, List<double>>>(probabilities)!;
        Assert.All(probs.Values, p => Assert.Equal(8, p.Count));
        Assert.All(probs.Values, p => Assert.Equal(1.0, p[0]));
        Assert.All(probs.Values, p => Assert.All(p.Skip(1), v => Assert.InRange(v, 0.0, 1.0)));
        foreach (string file in Directory.GetFiles(Path.Combine(_dir, "policies"), "*.json").Where(f => !f.EndsWith("probabilities.json")))
        {
            var policy = TaskPolicy.FromJson(File.ReadAllText(file), file);
            Assert.All(Enumerable.Range(0, policy.Tasks), k => Assert.True(policy.Executes(k, 0)));
        }
        var log = TrainLog.Read(Path.Combine(_dir, "train-log.csv"));
        Assert.DoesNotContain(log, r => r.Name.StartsWith("p_execute/", StringComparison.Ordinal) && r.Name.EndsWith("/0", StringComparison.Ordinal));
        Assert.All(log.Where(r => r.Name == "loss"), r => Assert.True(double.IsFinite(r.Value), $"{r.Phase} step {r.Step}: loss {r.Value}"));
        var metrics = RunMetrics.Load(Path.Combine(_dir, "metrics.json"));
        Assert.All(metrics.Tasks.Values.SelectMany(m => m), m => Assert.True(double.IsFinite(m.Value), $"{m.Name} = {m.Value}"));
    }
}
