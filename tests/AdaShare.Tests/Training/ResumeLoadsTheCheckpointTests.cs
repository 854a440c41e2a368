using AdaShare.Config;
using AdaShare.Methods.AdaShare;
using AdaShare.Tests.Fakes;
using AdaShare.Training.Phases;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Training;

/// <summary>
/// Every step is seeded, so a resume that silently restarted from scratch would reproduce an uninterrupted run too.
/// These tests prove the checkpoint is what a resume continues from.
/// </summary>
public class ResumeLoadsTheCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adashare-resume-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private sealed class Recorder(string crashPhase = "", long crashStep = -1) : IProgressSink
    {
        public List<(string Phase, long Step)> Steps { get; } = new();
        public List<(string Phase, long Done)> Starts { get; } = new();
        public void PhaseStarted(string p, string d, long total, long done) => Starts.Add((p, done));
        public void Step(string p, long done, IReadOnlyDictionary<string, double> s)
        {
            Steps.Add((p, done));
            if (p == crashPhase && done == crashStep)
                throw new IOException("simulated crash");
        }
        public void PhaseFinished(string p) { }
        public void Message(string text) { }
    }

    private static ExperimentConfig Config() => ConfigLoader.WithOverrides(TinyExperiment.Config(),
        new[] { "data.height=16", "data.width=16", "train.batch_size=4", "train.warmup_iters=6", "train.checkpoint_every=4" }, "test");

    private static TrainingContext Context(string dir, IProgressSink sink)
    {
        var config = Config();
        return new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(dir), sink);
    }

    private static float[] WarmUpWeights(string dir)
    {
        var ctx = Context(dir, NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, Path.Combine(dir, "checkpoints", "warmup", "model.pt"));
        return model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void AResumedWarmUpContinuesAfterTheCheckpointFromTheCheckpointsWeights()
    {
        string straight = Path.Combine(_root, "straight"), resumed = Path.Combine(_root, "resumed");
        new WarmUpPhase().Run(Context(straight, NullProgressSink.Instance), new RunState());
        Assert.Throws<IOException>(() => new WarmUpPhase().Run(Context(resumed, new Recorder("warmup", 5)), new RunState()));

        // Nudge the step-4 checkpoint's weights: a resume that loads it must end elsewhere than the straight run.
        var ctx = Context(resumed, NullProgressSink.Instance);
        string checkpoint = Path.Combine(resumed, "checkpoints", "warmup", "model.pt");
        using (var model = AdaShareMethod.CreateNetwork(ctx))
        {
            Checkpoint.LoadModel(model, checkpoint);
            using (TorchSharp.torch.no_grad())
                foreach (var p in model.parameters())
                    p.add_(0.01f);
            model.save(checkpoint);
        }
        // A nudge on purpose, not damage: record the new file's checksum so that the verified load accepts it.
        string progressPath = Path.Combine(resumed, "checkpoints", "warmup", "progress.json");
        var progress = System.Text.Json.JsonSerializer.Deserialize<PhaseProgress>(File.ReadAllText(progressPath), RunDirectory.Json)!;
        progress.Sha256["model.pt"] = Checkpoint.Hash(checkpoint);
        File.WriteAllText(progressPath, System.Text.Json.JsonSerializer.Serialize(progress, RunDirectory.Json));
        var recorder = new Recorder();
        new WarmUpPhase().Run(Context(resumed, recorder), new RunState());

        Assert.Equal(new[] { ("warmup", 4L) }, recorder.Starts);
        Assert.Equal(new long[] { 5, 6 }, recorder.Steps.Select(s => s.Step));
        Assert.NotEqual(WarmUpWeights(straight), WarmUpWeights(resumed));
    }

    [Fact]
    public void AnUnchangedCheckpointResumesToTheStraightRunsWeights()
    {
        string straight = Path.Combine(_root, "straight"), resumed = Path.Combine(_root, "resumed");
        new WarmUpPhase().Run(Context(straight, NullProgressSink.Instance), new RunState());
        Assert.Throws<IOException>(() => new WarmUpPhase().Run(Context(resumed, new Recorder("warmup", 5)), new RunState()));
        new WarmUpPhase().Run(Context(resumed, NullProgressSink.Instance), new RunState());
        Assert.Equal(WarmUpWeights(straight), WarmUpWeights(resumed));
    }
}
