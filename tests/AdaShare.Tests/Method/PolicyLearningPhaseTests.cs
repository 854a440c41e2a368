using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods.AdaShare;
using AdaShare.Model.Policy;
using AdaShare.Model;
using AdaShare.Tests.Fakes;
using AdaShare.Training.Phases;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Method;

/// <summary>
/// One warm-up shared by the policy-phase tests (each copies it into its own run directory). It runs on first use,
/// inside a test, not in the fixture's constructor: mutation testing attributes code run outside any test to every
/// test, so a warm-up in the constructor would make each model mutant re-run the whole test set.
/// </summary>
public sealed class WarmedUpRun : IDisposable
{
    private readonly Lazy<string> _warmed;

    public static readonly string[] Overrides =
    {
        "data.height=16", "data.width=16", "train.batch_size=4", "train.warmup_iters=1", "train.alternations=2", "train.weight_iters_per_alternation=1",
        "train.policy_iters_per_alternation=2", "train.policy_weight_decay=0", "policy.skip_layer=1",
        "policy.curriculum_speed=1", "policy.sparsity_weight=0", "policy.sharing_weight=0",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-warm-").FullName;

    /// <summary>The warmed-up run directory (the warm-up runs on the first call).</summary>
    public string Dir => _warmed.Value;

    public WarmedUpRun() => _warmed = new Lazy<string>(() =>
    {
        var config = Config();
        new WarmUpPhase().Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance), new RunState());
        return _dir;
    });

    public static ExperimentConfig Config(params string[] more) =>
        ConfigLoader.WithOverrides(TinyExperiment.Config(), Overrides.Concat(more).ToArray(), "test");

    public string CopyTo(string target)
    {
        foreach (string file in Directory.GetFiles(Dir, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(Dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose() => Directory.Delete(_dir, true);
}

/// <summary>
/// The policy-learning phase on a tiny network: 2 alternations of 1 weight step (train1) and 2 policy steps (train2),
/// skip_layer 1, curriculum speed 1 — so after the phase exactly the last two blocks' decisions have been learned.
/// </summary>
[Trait("Category", "Focused")]
public class PolicyLearningPhaseTests(WarmedUpRun warm) : IClassFixture<WarmedUpRun>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adashare-policy-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private sealed record Result(float[,,] Logits, float[] Weights, IReadOnlyList<(string Phase, long Step, string Name, double Value)> Log,
        WatchedDataset Train1, WatchedDataset Train2);

    private Result RunPolicyPhase(string name, params string[] overrides)
    {
        string dir = warm.CopyTo(Path.Combine(_root, name));
        var config = WarmedUpRun.Config(overrides);
        var data = TinyExperiment.Data(config);
        var train1 = new WatchedDataset(data.Train1);
        var train2 = new WatchedDataset(data.Train2);
        // Only train1 and train2 may be read: the full train split, validation and test are off limits here.
        var watched = new DataSplits(new WatchedDataset(data.Train, forbidden: true), train1, train2,
            new WatchedDataset(data.Val, forbidden: true), new WatchedDataset(data.Test, forbidden: true));
        var ctx = new TrainingContext(config, watched, new RunDirectory(dir), NullProgressSink.Instance);
        new PolicyLearningPhase().Run(ctx, new RunState());

        using var model = AdaShareMethod.CreateNetwork(ctx);
        using var logits = PolicyLearningPhase.CreateLogits(ctx, model.BlockCount);
        Checkpoint.LoadModel(model, Path.Combine(dir, "checkpoints", "policy", "model.pt"));
        Checkpoint.LoadModel(logits, Path.Combine(dir, "checkpoints", "policy", "policy.pt"));
        var shape = logits.logits.shape;
        var flat = logits.logits.detach().cpu().data<float>().ToArray();
        var result = new float[shape[0], shape[1], shape[2]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return new Result(result, Weights(model), TrainLog.Read(Path.Combine(dir, "train-log.csv")), train1, train2);
    }

    private static float[] Weights(MultiTaskNet model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    private float[] WarmUpWeights()
    {
        var config = WarmedUpRun.Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(warm.Dir), NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, Path.Combine(warm.Dir, "checkpoints", "warmup", "model.pt"));
        return Weights(model);
    }

    [Fact]
    public void TaskLossAloneMovesTheCurriculumActiveLogitsAndNoOthers()
    {
        // Sparsity and sharing weights are 0 and the policy optimiser has no weight decay: only the task losses,
        // through the Gumbel-Softmax gates, can move the logits.
        var r = RunPolicyPhase("task-only");
        int tasks = r.Logits.GetLength(0), decisions = r.Logits.GetLength(1);
        Assert.Equal(3, tasks);
        Assert.Equal(7, decisions); // 8 blocks − skip_layer 1
        for (int k = 0; k < tasks; k++)
        {
            for (int d = 0; d < decisions - 2; d++)
                for (int c = 0; c < 2; c++)
                    Assert.Equal(0.5f, r.Logits[k, d, c]); // forced to execute by the curriculum: no gradient
            for (int d = decisions - 2; d < decisions; d++)
                Assert.NotEqual(0.5f, r.Logits[k, d, 0]);
        }
    }

    [Fact]
    public void WeightStepsReadTrain1PolicyStepsReadTrain2AndTheScheduleIsLogged()
    {
        var r = RunPolicyPhase("splits");
        Assert.Equal(2 * 1 * 4, r.Train1.Reads); // 2 alternations × 1 weight step × batch 4
        Assert.Equal(2 * 2 * 4, r.Train2.Reads); // 2 alternations × 2 policy steps × batch 4
        var policyRows = r.Log.Where(x => x.Phase == "policy").ToList();
        double Value(long step, string name) => policyRows.Single(x => x.Step == step && x.Name == name).Value;
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), policyRows.Where(x => x.Name == "loss").Select(x => x.Step));
        for (long step = 1; step <= 3; step++)
        {
            Assert.Equal(5.0, Value(step, "tau"), 9);
            Assert.Equal(1, Value(step, "active_blocks"));
        }
        for (long step = 4; step <= 6; step++)
        {
            Assert.Equal(5.0 * 0.965, Value(step, "tau"), 9);
            Assert.Equal(2, Value(step, "active_blocks"));
        }
        // Policy steps log both regularizers; at the first one the logits are still all 0.5: sharing 0, sparsity 3·ln 2.
        Assert.Equal(0, Value(2, "sharing"), 6);
        Assert.Equal(3 * Math.Log(2), Value(2, "sparsity"), 5);
        Assert.DoesNotContain(policyRows, x => x.Step == 1 && x.Name == "sparsity");
        // The execute probabilities after each alternation, named by trunk block (skip_layer 1: blocks 1..7).
        var probRows = r.Log.Where(x => x.Phase == "policy-probabilities").ToList();
        Assert.Equal(new long[] { 3, 6 }, probRows.Select(x => x.Step).Distinct());
        Assert.Equal(3 * 7 * 2, probRows.Count);
        Assert.Contains(probRows, x => x.Name == "p_execute/depth/7");
        Assert.DoesNotContain(probRows, x => x.Name == "p_execute/depth/0");
        double p = 1 / (1 + Math.Exp(r.Logits[1, 6, 1] - r.Logits[1, 6, 0]));
        Assert.Equal(p, probRows.Single(x => x.Step == 6 && x.Name == "p_execute/depth/7").Value, 5);
    }

    [Fact]
    public void PolicyStepsLeaveTheWarmedUpWeightsUntouched()
    {
        // No weight steps: the network must be exactly the warm-up's (loaded, then frozen while the policy learns).
        var r = RunPolicyPhase("frozen", "train.weight_iters_per_alternation=0");
        Assert.Equal(WarmUpWeights(), r.Weights);
        Assert.Equal(0, r.Train1.Reads);
        Assert.NotEqual(0.5f, r.Logits[0, 6, 0]);
    }

    [Fact]
    public void EveryPolicyOptionChangesWhatIsLearned()
    {
        // Sharing on, sparsity off: the tasks' logits drift apart through their own losses in the first policy step, so
        // the sharing loss has a gradient in the second. One alternation, no weight steps: cheap.
        string[] common = { "policy.sharing_weight=0.5", "train.alternations=1", "train.weight_iters_per_alternation=0" };
        var baseline = Flatten(RunPolicyPhase("baseline", common).Logits);
        foreach (string option in new[] { "policy.gumbel=hard", "policy.sharing_weighting=official", "policy.sharing_on=probability", "policy.curriculum=false" })
        {
            var variant = Flatten(RunPolicyPhase(option, common.Append(option).ToArray()).Logits);
            Assert.False(baseline.SequenceEqual(variant), $"{option} learned exactly what the defaults learned");
        }
    }

    [Fact]
    public void AFinishedPolicyPhaseIsNotRunAgain()
    {
        var first = RunPolicyPhase("again");
        var config = WarmedUpRun.Config();
        var data = TinyExperiment.Data(config);
        var forbidden = new WatchedDataset(data.Train1, forbidden: true);
        var ctx = new TrainingContext(config, data with { Train1 = forbidden, Train2 = forbidden }, new RunDirectory(Path.Combine(_root, "again")), NullProgressSink.Instance);
        new PolicyLearningPhase().Run(ctx, new RunState());
        Assert.Equal(first.Log.Count, TrainLog.Read(Path.Combine(_root, "again", "train-log.csv")).Count);
    }

    private static float[] Flatten(float[,,] a) => a.Cast<float>().ToArray();
}
