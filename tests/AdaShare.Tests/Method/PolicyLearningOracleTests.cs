using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods.AdaShare;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Training.Phases;
using AdaShare.Weighting;
using static TorchSharp.torch;

namespace AdaShare.Tests.Method;

/// <summary>
/// The policy-learning phase against a plain re-implementation of its alternation (the oracle below: same warm-up
/// checkpoint, optimisers, batches, seeds and Gumbel noise, written out step by step), and a resumed phase against an
/// uninterrupted one. Two alternations of 2 weight and 2 policy steps, sparsity and sharing on, uncertainty weighting
/// (a third optimiser group), heads and backbone at different rates and head dropout, so that every line of the phase
/// changes the numbers.
/// </summary>
[Trait("Category", "Focused")]
public class PolicyLearningOracleTests(WarmedUpRun warm) : IClassFixture<WarmedUpRun>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adashare-oracle-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private static readonly string[] Settings =
    {
        "train.weight_iters_per_alternation=2", "train.policy_iters_per_alternation=2", "policy.sparsity_weight=0.05",
        "policy.sharing_weight=0.5", "weighting.name=uw", "train.lr_heads=0.004", "model.head_dropout=0.5",
    };

    private const int PerAlternation = 4;

    private static ExperimentConfig Config(params string[] more) => WarmedUpRun.Config(Settings.Concat(more).ToArray());

    private sealed record Outcome(float[] Weights, float[] Logits, IReadOnlyList<(string Phase, long Step, string Name, double Value)> Log,
        PhaseProgress Progress, WatchedDataset Train1, WatchedDataset Train2, RecordingProgress Sink);

    private string Dir(string name) => Path.Combine(_root, name);
    private static string PolicyCheckpoint(string dir) => Path.Combine(dir, "checkpoints", "policy");

    /// <summary>Runs the phase in <paramref name="dir"/> (a copy of the warm-up unless it exists) and reads what it left.</summary>
    private Outcome RunPhase(string dir, string[] overrides, DataSplits? splits = null)
    {
        if (!Directory.Exists(dir))
            warm.CopyTo(dir);
        var config = Config(overrides);
        var data = splits ?? TinyExperiment.Data(config);
        var train1 = new WatchedDataset(data.Train1);
        var train2 = new WatchedDataset(data.Train2);
        var sink = new RecordingProgress();
        var ctx = new TrainingContext(config, data with { Train1 = train1, Train2 = train2 }, new RunDirectory(dir), sink);
        new PolicyLearningPhase().Run(ctx, new RunState());
        var (weights, logits) = ReadCheckpoint(ctx, PolicyCheckpoint(dir));
        return new Outcome(weights, logits, TrainLog.Read(Path.Combine(dir, "train-log.csv")), ReadProgress(PolicyCheckpoint(dir)),
            train1, train2, sink);
    }

    private static PhaseProgress ReadProgress(string checkpoint) => new RunDirectory(checkpoint).ReadJson<PhaseProgress>(Path.Combine(checkpoint, "progress.json"))!;

    private static (float[] Weights, float[] Logits) ReadCheckpoint(TrainingContext ctx, string checkpoint)
    {
        using var model = AdaShareMethod.CreateNetwork(ctx);
        using var policy = PolicyLearningPhase.CreateLogits(ctx, model.BlockCount);
        Checkpoint.LoadModel(model, Path.Combine(checkpoint, "model.pt"));
        Checkpoint.LoadModel(policy, Path.Combine(checkpoint, "policy.pt"));
        return (Values(model), Values(policy));
    }

    private static float[] Values(nn.Module module) => module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    private sealed record OracleResult(float[] Weights, float[] Logits, List<(long Step, double Loss, double Tau)> Rows, List<double> UwState);

    /// <summary>
    /// The alternation as the paper and the official code describe it, written out: weight steps on train1 with detached
    /// gates, then policy steps on train2 with the weights frozen (task losses with the weighting's multipliers + sparsity
    /// + sharing), τ and the curriculum per alternation; step s draws dropout from seed (run, "policy", s) and Gumbel
    /// noise from (run, "gumbel", s); stream batches are numbered per stream.
    /// </summary>
    private OracleResult Oracle(ExperimentConfig config)
    {
        var t = config.Train;
        var p = config.Policy;
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(warm.CopyTo(Dir("oracle"))), NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, Path.Combine(warm.Dir, "checkpoints", "warmup", "model.pt"));
        using var policy = PolicyLearningPhase.CreateLogits(ctx, model.BlockCount);
        var weightOpt = Optimizers.WeightsPolicyPhase(model, t);
        var policyOpt = Optimizers.Policy(policy.parameters(), t);
        var weighting = ctx.CreateWeighting(ctx.Data.Train1);
        Assert.Single(weighting.Parameters); // uncertainty weighting: its log-variances learn with the weights
        Optimizers.AddWeightingGroup(weightOpt, weighting.Parameters, t);
        var shared = SharedGradients.Trainable(model.BackboneParameters());
        var train1 = ctx.Batches(ctx.Data.Train1);
        var train2 = ctx.Batches(ctx.Data.Train2);
        bool hard = p.GumbelMode == GumbelMode.Hard;
        var rows = new List<(long, double, double)>();
        model.train();
        long step = 0;

        Tensor[] Losses(BatchBuilder batches, string stream, long index, double tau, int firstActive, bool withGradient)
        {
            manual_seed(SeedMix.Hash(config.Seed, "policy", step));
            using var gen = new Generator((ulong)SeedMix.Hash(config.Seed, "gumbel", step));
            using var batch = batches.Training(t.BatchSize, config.Seed, stream, index, config.Data.Flip);
            int images = p.GumbelDrawMode == GumbelDraw.Image ? (int)batch.Images.shape[0] : 0;
            var gates = policy.SampleGates(tau, hard, firstActive, withGradient, gen, images);
            return ctx.Loss.PerTask(model.Forward(batch.Images, gates), batch, "oracle").Losses;
        }

        for (int a = 0; a < t.Alternations; a++)
        {
            int firstActive = Curriculum.FirstActiveBlock(a, p.CurriculumSpeed, model.BlockCount, p.SkipLayer, p.Curriculum);
            double tau = p.Tau0 * Math.Pow(p.TauDecay, a);
            for (int j = 0; j < t.WeightItersPerAlternation; j++)
            {
                using var scope = NewDisposeScope();
                weightOpt.zero_grad();
                var losses = Losses(train1, "policy-weights", a * t.WeightItersPerAlternation + j, tau, firstActive, false);
                var weighted = weighting.Backward(losses, shared, a * t.WeightItersPerAlternation + j);
                weightOpt.step();
                rows.Add((++step, weighted.Loss, tau));
            }
            foreach (var w in model.parameters())
                w.requires_grad = false;
            for (int j = 0; j < t.PolicyItersPerAlternation; j++)
            {
                using var scope = NewDisposeScope();
                policyOpt.zero_grad();
                var losses = Losses(train2, "policy-policy", a * t.PolicyItersPerAlternation + j, tau, firstActive, true);
                var total = losses.Select((l, k) => l * weighting.Weights[k]).Aggregate((x, y) => x + y)
                    + p.SparsityWeight * PolicyRegularizers.Sparsity(policy.logits, firstActive - p.SkipLayer)
                    + p.SharingWeight * PolicyRegularizers.Sharing(policy.logits, p.SharingWeightingMode == SharingWeighting.Paper, p.SharingOnMode == SharingOn.Probability)
                    + p.EntropyWeight * Math.Max(0, 1 - tau / (p.EntropyStartTau ?? p.Tau0)) * PolicyRegularizers.Entropy(policy.logits, firstActive - p.SkipLayer);
                total.backward();
                policyOpt.step();
                rows.Add((++step, total.item<float>(), tau));
            }
            foreach (var w in model.parameters())
                w.requires_grad = true;
        }
        return new OracleResult(Values(model), Values(policy), rows, weighting.SaveState().Values.Single());
    }

    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-5f, $"{what} differ from the oracle's by up to {worst}");
    }

    [Theory]
    [InlineData()]
    [InlineData("policy.gumbel=hard", "policy.sharing_weighting=official", "policy.sharing_on=probability")]
    [InlineData("policy.gumbel_draw=image", "policy.entropy_weight=0.5", "policy.tau_decay=0.5")]
    [InlineData("policy.entropy_weight=0.5", "policy.entropy_start_tau=3", "policy.tau_decay=0.5")]
    public void ThePhaseComputesWhatThePlainAlternationComputes(params string[] options)
    {
        var phase = RunPhase(Dir("phase"), options);
        var oracle = Oracle(Config(options));

        Close(oracle.Weights, phase.Weights, "weights");
        Close(oracle.Logits, phase.Logits, "logits");
        Assert.False(oracle.Logits.All(x => x == 0.5f)); // learned something: the comparison is not between two untouched logit sets
        var logged = phase.Log.Where(r => r.Phase == "policy").ToList();
        Assert.Equal(oracle.Rows.Select(r => r.Step), logged.Where(r => r.Name == "loss").Select(r => r.Step));
        foreach (var (step, loss, tau) in oracle.Rows)
        {
            Assert.Equal(loss, logged.Single(r => r.Step == step && r.Name == "loss").Value, 4);
            Assert.Equal(tau, logged.Single(r => r.Step == step && r.Name == "tau").Value, 9);
        }
        Assert.Equal(oracle.UwState, phase.Progress.Weighting!.State.Values.Single(), (x, y) => Math.Abs(x - y) < 1e-5);
        Assert.Equal(2 * 2 * 4, phase.Train1.Reads);
        Assert.Equal(2 * 2 * 4, phase.Train2.Reads);
    }

    [Fact]
    public void AFinishedPhaseSavesItsProgressAndReportsItsSteps()
    {
        var r = RunPhase(Dir("finished"), Array.Empty<string>());
        Assert.Equal((2, 2 * PerAlternation, true), (r.Progress.Alternation, r.Progress.Iteration, r.Progress.Done));
        Assert.Equal(new[] { ("policy", "policy learning", 2L * PerAlternation, 0L) }, r.Sink.Started);
        Assert.Equal(new[] { "policy" }, r.Sink.Finished);
        Assert.Empty(r.Sink.Messages); // a healthy run warns about nothing
        Assert.False(File.Exists(Path.Combine(Dir("finished"), "run-log.txt")) && File.ReadAllText(Path.Combine(Dir("finished"), "run-log.txt")).Contains("warning"));
        // Both optimisers' states are part of the checkpoint, by name, and the divergence guards' recent losses.
        Assert.True(File.Exists(Path.Combine(PolicyCheckpoint(Dir("finished")), "optim-weights.pt")));
        Assert.True(File.Exists(Path.Combine(PolicyCheckpoint(Dir("finished")), "optim-policy.pt")));
        Assert.Equal(4, r.Progress.RecentLosses["weights"].Count);
        Assert.Equal(4, r.Progress.RecentLosses["policy"].Count);
        // The previous snapshot is the first alternation's, not finished.
        var previous = ReadProgress(PolicyCheckpoint(Dir("finished")) + Checkpoint.PreviousSuffix);
        Assert.Equal((1, PerAlternation, false), (previous.Alternation, previous.Iteration, previous.Done));

        // Run again: nothing is trained, reported or saved.
        var again = new RecordingProgress();
        var config = Config();
        var forbidden = new WatchedDataset(TinyExperiment.Data(config).Train1, forbidden: true);
        var ctx = new TrainingContext(config, TinyExperiment.Data(config) with { Train1 = forbidden, Train2 = forbidden }, new RunDirectory(Dir("finished")), again);
        new PolicyLearningPhase().Run(ctx, new RunState());
        Assert.Empty(again.Started);
        Assert.Empty(again.Finished);
        Assert.Equal(1, ReadProgress(PolicyCheckpoint(Dir("finished")) + Checkpoint.PreviousSuffix).Alternation);
    }

    /// <summary>
    /// A run stopped after the first alternation's checkpoint, with everything of the second alternation already logged
    /// (the state a crash between the last log row and the last save leaves): the finished run with its latest snapshot
    /// replaced by the previous one.
    /// </summary>
    private string Interrupted(string source, string name)
    {
        string dir = Dir(name);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(dir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        Directory.Delete(PolicyCheckpoint(dir), true);
        Directory.Move(PolicyCheckpoint(dir) + Checkpoint.PreviousSuffix, PolicyCheckpoint(dir));
        return dir;
    }

    [Fact]
    public void AResumedPhaseEqualsAnUninterruptedOneAndTrainsOnlyTheRest()
    {
        string[] best = { "policy.from=best" };
        var full = RunPhase(Dir("full"), best);
        var resumed = RunPhase(Interrupted(Dir("full"), "resumed"), best);

        Assert.Equal(full.Weights, resumed.Weights);
        Assert.Equal(full.Logits, resumed.Logits);
        Assert.Equal(full.Log, resumed.Log); // every log's rows of the second alternation replaced, none lost or doubled
        Assert.Equal((full.Progress.Alternation, full.Progress.Iteration, full.Progress.Done),
            (resumed.Progress.Alternation, resumed.Progress.Iteration, resumed.Progress.Done));
        Assert.Equal(full.Progress.RecentLosses, resumed.Progress.RecentLosses);
        Assert.Equal(full.Progress.Weighting!.State, resumed.Progress.Weighting!.State);
        // Only the second alternation was trained: 2 weight and 2 policy steps of 4 images.
        Assert.Equal(2 * 4, resumed.Train1.Reads);
        Assert.Equal(2 * 4, resumed.Train2.Reads);
        Assert.Equal(new[] { ("policy", "policy learning", 2L * PerAlternation, (long)PerAlternation) }, resumed.Sink.Started);

        // policy.from: best scored each alternation on validation, logged at its last step, and kept the best one.
        var scores = full.Log.Where(r => r.Phase == AdaShareNames.PolicyValidationLog).ToList();
        Assert.Equal(new[] { (long)PerAlternation, 2L * PerAlternation }, scores.Select(r => r.Step));
        Assert.All(scores, r => Assert.Equal("val_score", r.Name));
        Assert.Equal(0, scores[0].Value); // the first alternation is the reference
        var record = new RunDirectory(Dir("full")).ReadJson<BestPolicyRecord>(Path.Combine(Dir("full"), "checkpoints", AdaShareNames.BestPolicy, "best.json"))!;
        Assert.Equal(scores[1].Value > 0 ? 2 : 1, record.Alternation);
        Assert.Equal(Math.Max(0, scores[1].Value), record.Score, 9);
    }

    [Fact]
    public void AnAlternationWhoseWeightLossDivergesDoesNotReplaceTheLastHealthyCheckpoint()
    {
        RunPhase(Dir("healthy"), Array.Empty<string>());
        string dir = Interrupted(Dir("healthy"), "diverging");
        // Recent weight losses of 1e-6 (progress.json is not under its own checksums): every loss of the next alternation
        // is more than 20 times their median, so the weights diverge while the policy losses stay normal.
        string progressPath = Path.Combine(PolicyCheckpoint(dir), "progress.json");
        var progress = ReadProgress(PolicyCheckpoint(dir));
        progress.RecentLosses["weights"] = Enumerable.Repeat(1e-6, 10).ToList();
        new RunDirectory(dir).WriteJson(progressPath, progress);

        var r = RunPhase(dir, new[] { "train.alternations=3" });

        Assert.Single(r.Sink.Messages, m => m.StartsWith("warning: policy phase, alternation 2, weight step 1: loss"));
        // Alternation 2 was not saved: the last save (alternation 3, the end) moved alternation 1's snapshot aside.
        Assert.Equal(1, ReadProgress(PolicyCheckpoint(dir) + Checkpoint.PreviousSuffix).Alternation);
        Assert.Equal((3, true), (r.Progress.Alternation, r.Progress.Done));
    }

    [Fact]
    public void AResumeTakesTheConfigsLearningRates()
    {
        var full = RunPhase(Dir("rates"), Array.Empty<string>());
        // New policy rate only: the second alternation's weight steps come first and see the same logits.
        var policyRate = RunPhase(Interrupted(Dir("rates"), "policy-rate"), new[] { "train.lr_policy=0.05" });
        Assert.Equal(full.Weights, policyRate.Weights);
        Assert.NotEqual(full.Logits, policyRate.Logits);
        var headRate = RunPhase(Interrupted(Dir("rates"), "head-rate"), new[] { "train.lr_heads=0.02" });
        Assert.NotEqual(full.Weights, headRate.Weights);
    }

    [Fact]
    public void AResumeWithFewerAlternationsThanDoneFinishesThePhaseWithoutTraining()
    {
        RunPhase(Dir("long"), Array.Empty<string>());
        var shorter = RunPhase(Interrupted(Dir("long"), "shorter"), new[] { "train.alternations=1" });
        Assert.Equal((1, PerAlternation, true), (shorter.Progress.Alternation, shorter.Progress.Iteration, shorter.Progress.Done));
        Assert.Equal(0, shorter.Train1.Reads + shorter.Train2.Reads);
    }

    [Fact]
    public void ZeroAlternationsKeepTheWarmUpWeightsAndTheInitialLogitsAndFinish()
    {
        var r = RunPhase(Dir("zero"), new[] { "train.alternations=0" });
        Assert.Equal((0, 0L, true), (r.Progress.Alternation, r.Progress.Iteration, r.Progress.Done));
        Assert.All(r.Logits, x => Assert.Equal(0.5f, x));
        var config = Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(warm.Dir), NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, Path.Combine(warm.Dir, "checkpoints", "warmup", "model.pt"));
        Assert.Equal(Values(model), r.Weights);
        Assert.Equal(new[] { "policy" }, r.Sink.Finished);
    }

    [Theory]
    [InlineData("2", "policy phase, alternation 1, weight step 1")]
    [InlineData("0", "policy phase, alternation 1, policy step 1")]
    public void ANonFiniteLossNamesTheAlternationAndStep(string weightIters, string where)
    {
        var config = Config();
        var data = TinyExperiment.Data(config);
        var poisoned = data with { Train1 = new NaNImages(data.Train1), Train2 = new NaNImages(data.Train2) };
        var e = Assert.Throws<NonFiniteLossException>(() => RunPhase(Dir("nan"), new[] { $"train.weight_iters_per_alternation={weightIters}" }, poisoned));
        Assert.StartsWith(where + ":", e.Message);
    }

    [Fact]
    public void OnTwoRanksEveryStepAveragesTheGradientsSharesTheBuffersAndEachCheckpointChecksTheReplicas()
    {
        string dir = warm.CopyTo(Dir("ranks"));
        var config = Config();
        var ranks = new RecordingRanks();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(dir) { Comm = ranks }, NullProgressSink.Instance);
        try
        {
            new PolicyLearningPhase().Run(ctx, new RunState());
        }
        finally
        {
            BatchShard.Current = BatchShard.Whole; // the context set rank 0 of 2 for dropout, process-wide
        }

        using var model = AdaShareMethod.CreateNetwork(ctx);
        long Bytes(IEnumerable<Tensor> tensors) => tensors.Sum(x => x.numel() * x.ElementSize);
        long modelParameters = model.parameters().Sum(x => x.numel()), logits = 3 * 7 * 2, logVariances = 3;
        const int alternations = 2, weightSteps = 2, policySteps = 2;
        // Weight steps average the network's and the weighting's gradients, policy steps the logits'.
        Assert.Equal(alternations * (weightSteps * (modelParameters + logVariances) + policySteps * logits), ranks.FloatsReduced);
        // Rank 0's whole state at the start, the batch-norm statistics after every step (both kinds move them), and
        // every parameter at each alternation's replica check.
        long start = Bytes(model.state_dict().Values) + logits * sizeof(float);
        long buffers = Bytes(model.buffers());
        long check = Bytes(model.parameters()) + logits * sizeof(float);
        Assert.Equal(start + alternations * ((weightSteps + policySteps) * buffers + check), ranks.BytesBroadcast);
        var divergence = TrainLog.Read(Path.Combine(dir, "train-log.csv")).Where(r => r.Name == "replica_divergence").ToList();
        Assert.Equal(new[] { ("policy", (long)PerAlternation), ("policy", 2L * PerAlternation) }, divergence.Select(r => (r.Phase, r.Step)));
    }

    [Fact]
    public void ThePhaseRunsOnEveryRank() => Assert.True(new PolicyLearningPhase().RunsOnEveryRank);
}
