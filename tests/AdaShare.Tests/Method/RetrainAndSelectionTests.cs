using AdaShare.Config;
using AdaShare.Methods.AdaShare;
using AdaShare.Metrics;
using AdaShare.Model.Policy;
using AdaShare.Tests.Fakes;
using AdaShare.Training.Phases;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Method;

/// <summary>
/// Re-training starts from the run's initial random weights (not the warm-up's), candidates are scored on the
/// validation split only, and the best validation score wins.
/// </summary>
[Trait("Category", "Focused")]
public partial class RetrainAndSelectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-retrain-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static ExperimentConfig Config(params string[] more) => ConfigLoader.WithOverrides(TinyExperiment.Config("depth", "normal"),
        new[] { "data.height=16", "data.width=16", "train.batch_size=4", "train.warmup_iters=2", "train.retrain_iters=0" }.Concat(more).ToArray(), "test");

    private CandidateResult WritePolicy(string name, string rowDepth, string rowNormal)
    {
        var execute = new bool[2, 8];
        for (int l = 0; l < 8; l++)
        {
            execute[0, l] = rowDepth[l] == '1';
            execute[1, l] = rowNormal[l] == '1';
        }
        string file = Path.Combine("policies", name + ".json");
        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, file), new TaskPolicy(new[] { "depth", "normal" }, execute).ToJson());
        return new CandidateResult { Name = name, PolicyFile = file };
    }

    private static float[] Weights(TrainingContext ctx, string file)
    {
        using var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, file);
        return model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void CandidatesStartFromTheInitialWeightsAndAreScoredOnValidationNeverOnTest()
    {
        var config = Config();
        var data = TinyExperiment.Data(config);
        var val = new WatchedDataset(data.Val);
        var ctx = new TrainingContext(config, data with { Val = val, Test = new WatchedDataset(data.Test, forbidden: true) },
            new RunDirectory(_dir), NullProgressSink.Instance);
        new WarmUpPhase().Run(ctx, new RunState());
        var state = new RunState { Candidates = { WritePolicy("a", "11111111", "11110101"), WritePolicy("b", "11111100", "11111110") } };

        new RetrainPhase().Run(ctx, state);

        Assert.All(state.Candidates, c => Assert.True(c.Retrained));
        Assert.Equal(2 * 16, val.Reads); // each candidate scored once on all 16 validation images
        var initial = Weights(ctx, ctx.Run.InitialWeights);
        Assert.NotEqual(initial, Weights(ctx, Path.Combine(_dir, "checkpoints", "warmup", "model.pt")));
        foreach (var c in state.Candidates)
        {
            Assert.Equal(initial, Weights(ctx, Path.Combine(_dir, "checkpoints", $"retrain-{c.Name}", "model.pt")));
            Assert.Contains(c.ValMetrics["depth"], m => m.Name == "abs_err" && m.Value > 0);
            Assert.NotNull(c.ValScore);
        }
        // a: depth executes every block, so a counts all of them; b: nobody executes block 7, which b leaves out.
        using (var model = AdaShareMethod.CreateNetwork(ctx))
            Assert.Equal(model.CountParameters(null), state.Candidates[0].Parameters);
        Assert.True(state.Candidates[1].Parameters < state.Candidates[0].Parameters);
        Assert.NotNull(state.SelectedCandidate);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, state.Candidates[state.SelectedCandidate!.Value].PolicyFile)),
            File.ReadAllText(ctx.Run.PolicyJson));
    }

    private static List<MetricValue> Depth(double abs, double rel) => new() { new("abs_err", abs, false), new("rel_err", rel, false) };
    private static List<MetricValue> Normal(double mean) => new() { new("mean_angle", mean, false) };

    private (RunState State, TrainingContext Ctx) Scored(params (double Abs, double Rel, double Mean)[] val)
    {
        var config = Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        var state = new RunState();
        for (int i = 0; i < val.Length; i++)
        {
            var c = WritePolicy($"c{i}", i % 2 == 0 ? "11111111" : "11111110", new string('1', 7 - i) + new string('0', i + 1));
            c.Retrained = true;
            c.ValMetrics = new() { ["depth"] = Depth(val[i].Abs, val[i].Rel), ["normal"] = Normal(val[i].Mean) };
            state.Candidates.Add(c);
        }
        return (state, ctx);
    }

    [Fact]
    public void TheBestValidationScoreIsSelectedAndItsPolicyBecomesTheRunsPolicy()
    {
        // Lower is better for all three metrics: c1 is best everywhere, c2 worst.
        var (state, ctx) = Scored((0.5, 0.2, 30), (0.3, 0.1, 20), (0.7, 0.3, 40));
        new RetrainPhase().Run(ctx, state);
        Assert.Equal(1, state.SelectedCandidate);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "policies", "c1.json")), File.ReadAllText(ctx.Run.PolicyJson));
        var expected = CandidateSelection.Scores(ctx.Tasks, state.Candidates.Select(c => c.ValMetrics).ToList());
        Assert.Equal(expected, state.Candidates.Select(c => c.ValScore!.Value));
        Assert.True(state.Candidates[1].ValScore > 0 && state.Candidates[2].ValScore < 0);
    }

    [Fact]
    public void TiesKeepTheEarlierDraw()
    {
        var (state, ctx) = Scored((0.5, 0.2, 30), (0.3, 0.1, 20), (0.3, 0.1, 20));
        new RetrainPhase().Run(ctx, state);
        Assert.Equal(1, state.SelectedCandidate);
    }

    [Fact]
    public void NothingToRetrainIsAClearError()
    {
        var config = Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        var e = Assert.Throws<UserErrorException>(() => new RetrainPhase().Run(ctx, new RunState()));
        Assert.Contains("sample phase", e.Message);
    }

    [Fact]
    public void APolicyForOtherTasksIsRejected()
    {
        var config = Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, "policies", "x.json"), TaskPolicy.AllExecute(new[] { "normal", "depth" }, 8).ToJson());
        var e = Assert.Throws<InvalidDataException>(() => RetrainPhase.LoadPolicy(ctx, new CandidateResult { Name = "x", PolicyFile = "policies/x.json" }));
        Assert.Contains("differ from the config", e.Message);
    }
}
