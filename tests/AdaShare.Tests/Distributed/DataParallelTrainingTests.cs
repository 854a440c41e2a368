using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods.AdaShare;
using AdaShare.Training.Phases;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Distributed;

/// <summary>Real mpirun jobs of the built CLI: data-parallel equivalence, replica consistency, failure and resume.</summary>
public sealed class DataParallelTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-mpi-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private MpiJob.Result Train(int ranks, string run, params string[] extra) =>
        MpiJob.Run(ranks, new[] { "train", "--config", MpiJob.WriteTinyConfig(_dir), "--run-dir", Path.Combine(_dir, run), "--plain" }.Concat(extra));

    /// <summary>Weights (model then policy logits) of a phase's checkpoint, flattened.</summary>
    private static float[] Parameters(string runDir, string phase)
    {
        var config = ConfigLoader.Load(Path.Combine(runDir, "config.yaml"));
        var ctx = new TrainingContext(config, DatasetFactory.OpenSplits(config), new RunDirectory(runDir), NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, Path.Combine(runDir, "checkpoints", phase, "model.pt"));
        var values = model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToList();
        string policyFile = Path.Combine(runDir, "checkpoints", phase, "policy.pt");
        if (File.Exists(policyFile))
        {
            using var policy = PolicyLearningPhase.CreateLogits(ctx, model.BlockCount);
            Checkpoint.LoadModel(policy, policyFile);
            values.AddRange(policy.logits.detach().cpu().data<float>().ToArray());
        }
        return values.ToArray();
    }

    private static double MaxDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }

    private static List<double> ReplicaDivergence(string runDir) =>
        TrainLog.Read(Path.Combine(runDir, "train-log.csv")).Where(r => r.Name == "replica_divergence").Select(r => r.Value).ToList();

    [Fact]
    public void TwoRanksWithHalfBatchesAndSyncBnMatchOneRankWithTheWholeBatch()
    {
        // 5 steps: 1 warm-up step, then one alternation of 2 weight and 2 policy steps.
        var one = Train(0, "one", "--until", "policy", "--set", "train.sync_bn=true");
        Assert.True(one.ExitCode == 0, one.Output);
        var two = Train(2, "two", "--until", "policy", "--set", "train.sync_bn=true");
        Assert.True(two.ExitCode == 0, two.Output);
        Assert.Contains("2 MPI ranks, 4 of every 8 samples each, synchronised batch norm", two.Output);

        var a = Parameters(Path.Combine(_dir, "one"), "policy");
        var b = Parameters(Path.Combine(_dir, "two"), "policy");
        Assert.True(MaxDifference(a, b) <= 1e-5, $"max |Δ| = {MaxDifference(a, b)}");
        var warm = Parameters(Path.Combine(_dir, "one"), "warmup");
        Assert.True(MaxDifference(a[..warm.Length], warm) > 1e-3, "the policy phase changed nothing; the comparison would be vacuous");
        Assert.All(ReplicaDivergence(Path.Combine(_dir, "two")), d => Assert.Equal(0, d));
    }

    [Fact]
    public void UncertaintyWeightingsLogVariancesOnTwoRanksMatchOneRankWithTheWholeBatch()
    {
        // UW's log-variances are trained with the network: each rank's gradient is its half batch's, so without
        // averaging them with the network's gradients rank 0 would learn other weights than a one-process run.
        string[] sets = ["--until", "policy", "--set", "train.sync_bn=true", "--set", "weighting.name=uw"];
        var one = Train(0, "one", sets);
        Assert.True(one.ExitCode == 0, one.Output);
        var two = Train(2, "two", sets);
        Assert.True(two.ExitCode == 0, two.Output);

        var a = LogVariances(Path.Combine(_dir, "one"));
        var b = LogVariances(Path.Combine(_dir, "two"));
        Assert.True(a.Any(s => Math.Abs(s) > 1e-4), "UW's log-variances did not move; the comparison would be vacuous");
        Assert.Equal(a.Length, b.Length);
        for (int k = 0; k < a.Length; k++)
            Assert.True(Math.Abs(a[k] - b[k]) <= 1e-5, $"task {k}: log σ² {a[k]} on one rank, {b[k]} on two");
    }

    private static double[] LogVariances(string runDir) =>
        Progress(Path.Combine(runDir, "checkpoints", "policy", "progress.json"))!.Weighting!.State["log_variance"].ToArray();

    [Fact]
    public void TwoRanksWithPerRankBatchNormHoldIdenticalParametersAfterEveryStep()
    {
        var two = Train(2, "two", "--until", "policy");
        Assert.True(two.ExitCode == 0, two.Output);
        var divergence = ReplicaDivergence(Path.Combine(_dir, "two"));
        Assert.True(divergence.Count >= 2, "every checkpoint compares the ranks' parameters");
        Assert.All(divergence, d => Assert.Equal(0, d));
    }

    [Fact]
    public void ABatchTheRanksCannotShareIsAConfigError()
    {
        var three = Train(3, "three");
        Assert.NotEqual(0, three.ExitCode);
        Assert.Contains("train.batch_size: 8 is not divisible by the 3 MPI ranks", three.Output);
        Assert.DoesNotContain(" at AdaShare.", three.Output);
    }

    [Fact]
    public void ATwoRankRunKilledMidPhaseResumesAndFinishes()
    {
        string run = Path.Combine(_dir, "killed");
        var sets = new[] { "train.warmup_iters=40", "train.checkpoint_every=2", "policy.samples=1", "policy.include_argmax=false" };
        var psi = new System.Diagnostics.ProcessStartInfo(MpiJob.Mpirun) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--allow-run-as-root", "--oversubscribe", "--mca", "mpi_yield_when_idle", "1", "-np", "2", MpiJob.Adashare,
                     "train", "--config", MpiJob.WriteTinyConfig(_dir), "--run-dir", run, "--plain" }.Concat(sets.SelectMany(s => new[] { "--set", s })))
            psi.ArgumentList.Add(a);
        using (var job = System.Diagnostics.Process.Start(psi)!)
        {
            _ = job.StandardOutput.ReadToEndAsync();
            _ = job.StandardError.ReadToEndAsync();
            string progressFile = Path.Combine(run, "checkpoints", "warmup", "progress.json");
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!job.HasExited && DateTime.UtcNow < deadline && (Progress(progressFile)?.Iteration ?? 0) < 2)
                Thread.Sleep(20);
            // SIGTERM, as a scheduler ending a job: mpirun passes it on to every rank.
            using (var kill = System.Diagnostics.Process.Start("kill", new[] { "-TERM", job.Id.ToString() }))
                kill.WaitForExit();
            Assert.True(job.WaitForExit(60_000), "mpirun did not end after SIGTERM");
            Assert.NotEqual(0, job.ExitCode);
        }
        var interrupted = Progress(Path.Combine(run, "checkpoints", "warmup", "progress.json"));
        Assert.True(interrupted is { Done: false, Iteration: >= 2 and < 40 }, "the job was not killed in the middle of warm-up");

        var resumed = MpiJob.Run(2, new[] { "train", "--resume", run, "--plain" });
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        var state = new RunDirectory(run).LoadState();
        Assert.Contains("report", state.CompletedPhases);
        Assert.True(File.Exists(Path.Combine(run, "metrics.json")));
        Assert.All(ReplicaDivergence(run), d => Assert.Equal(0, d));
    }

    private static PhaseProgress? Progress(string path)
    {
        try
        {
            return File.Exists(path) ? System.Text.Json.JsonSerializer.Deserialize<PhaseProgress>(File.ReadAllText(path), RunDirectory.Json) : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null; // being replaced right now
        }
    }
}
