using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Model.Policy;
using AdaShare.Model;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Training;

public class SampleProtocolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-samples-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void DecisivenessByHand()
    {
        // p = 0.1, 0.5, 0.9, 0.8: two ≤ 0.2 / ≥ 0.8 on the execute side, one skip; entropy H(0.1) = H(0.9) = 0.469, H(0.5) = 1, H(0.8) = 0.7219.
        var d = PolicyDecisiveness.Of([[0.1, 0.5], [0.9, 0.8]]);
        Assert.Equal(4, d.Decisions);
        Assert.Equal(0.25, d.SkipShare);
        Assert.Equal(0.5, d.ExecuteShare);
        Assert.Equal(0.75, d.DecisiveShare);
        Assert.Equal((0.4690 * 2 + 1 + 0.7219) / 4, d.MeanEntropyBits, 3);

        var policy = new TaskPolicy(["a", "b"], new[,] { { true, true }, { true, false } });
        // argmax: a = (skip, execute), b = (execute, execute); the first block is always executed (skip_layer 1).
        Assert.Equal(1, PolicyDecisiveness.DistanceFromArgmax(policy, [[0.1, 0.5], [0.9, 0.8]], 1));
        Assert.Equal(2, PolicyDecisiveness.DistanceFromArgmax(policy, [[0.1, 0.5], [0.9, 0.8]], 0));
    }

    [Fact]
    public void EverySampleIsReportedOnTestWithTheOpenedDataSizes()
    {
        var config = TinyExperiment.Config("segmentation", "depth");
        config.Policy.Samples = 2;
        config.Policy.IncludeArgmax = true;
        // The data on disk is 40×48 with 20/6/5 images, not the config's 32×32 and 64/16/16.
        var data = DataSplits.Create(new TinyDataset(20, 1, 40, 48), new TinyDataset(6, 2, 40, 48), new TinyDataset(5, 3, 40, 48), config.Seed);
        var ctx = new TrainingContext(config, data, new RunDirectory(_dir), NullProgressSink.Instance);
        var state = Trainer.Run(ctx);

        var metrics = RunMetrics.Load(Path.Combine(_dir, "metrics.json"));
        Assert.Equal(state.Candidates.Count, metrics.Candidates!.Count);
        Assert.Single(metrics.Candidates, c => c.Selected);
        var selected = metrics.Candidates.Single(c => c.Selected);
        Assert.Equal(metrics.Tasks["depth"][0].Value, selected.Tasks["depth"][0].Value);
        var samples = metrics.Candidates.Where(c => c.Name.StartsWith("sample-", StringComparison.Ordinal)).ToList();
        var abs = metrics.SampleSummary!["depth"].Single(m => m.Name == "abs_err");
        Assert.Equal(samples.Count, abs.Count);
        Assert.Equal(samples.Average(c => c.Tasks["depth"].Single(m => m.Name == "abs_err").Value), abs.Mean, 9);
        Assert.NotNull(metrics.Decisiveness);
        Assert.Equal(2 * 8, metrics.Decisiveness!.Decisions);
        Assert.Equal(0, metrics.Candidates.Single(c => c.Name == "argmax").DistanceFromArgmax);

        Assert.Equal(new DataSizes(20, 6, 5, 40, 48), metrics.Data);
        using var net = new MultiTaskNet("count", config.Model, ctx.Tasks);
        var policy = TaskPolicy.FromJson(File.ReadAllText(Path.Combine(_dir, "policy.json")));
        Assert.Equal(ModelCost.Measure(new GatedModel(net, policy), ctx.TaskNames, 40, 48, ctx.Device).MultiplyAdds, metrics.MultiplyAdds);

        string report = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.Contains("40×48, train 20 / val 6 / test 5", report);
        Assert.Contains("## Re-trained samples on the test split", report);
        Assert.Contains("Decisiveness at the end of policy learning", report);
    }

    [Fact]
    public void PolicyFromBestSamplesTheBestValidatedLogits()
    {
        var config = TinyExperiment.Config("segmentation", "depth");
        config.Policy.From = "best";
        config.Train.Alternations = 3;
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        Trainer.Run(ctx, "warmup");
        Trainer.Run(ctx, "policy");

        var tracker = new AdaShare.Methods.AdaShare.BestPolicyTracker(ctx);
        var best = tracker.Load()!;
        Assert.InRange(best.Alternation, 1, 3);
        Assert.True(best.Score >= 0); // the first alternation scores 0 against itself, so the best is ≥ 0
        Assert.True(File.Exists(tracker.LogitsPath));
        Trainer.Run(ctx, "sample");
        using var logits = new PolicyLogits("check", 2, 8, 0, 0);
        Checkpoint.LoadModel(logits, tracker.LogitsPath);
        var probs = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, List<double>>>(
            File.ReadAllText(Path.Combine(_dir, "policies", "probabilities.json")))!;
        Assert.Equal(logits.ExecuteProbabilities()[1, 7], probs["depth"][7], 6);
    }
}
