using AdaShare.Methods.AdaShare;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using static TorchSharp.torch;

namespace AdaShare.Tests.Training;

public class ResumeAndFailureTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adashare-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private sealed class CrashAt(string phase, long step) : IProgressSink
    {
        public void PhaseStarted(string p, string d, long total, long done) { }
        public void Step(string p, long done, IReadOnlyDictionary<string, double> s)
        {
            if (p == phase && done == step)
                throw new IOException("simulated crash");
        }
        public void PhaseFinished(string p) { }
        public void Message(string text) { }
    }

    private static float[] Weights(string runDir, string phase)
    {
        var config = TinyExperiment.Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(runDir), NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        AdaShare.Training.Checkpoint.LoadModel(model, Path.Combine(runDir, "checkpoints", phase, "model.pt"));
        return model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void InterruptedRunResumesToExactlyTheSameWeightsAndPolicy()
    {
        var config = TinyExperiment.Config();
        string straight = Path.Combine(_root, "straight"), resumed = Path.Combine(_root, "resumed");
        Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(straight), NullProgressSink.Instance));

        // Crash in the middle of warm-up (after its step-4 checkpoint) and again in the policy phase (after alternation 1).
        Assert.Throws<IOException>(() => Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(resumed), new CrashAt("warmup", 5))));
        Assert.Throws<IOException>(() => Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(resumed), new CrashAt("policy", 6))));
        var state = Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(resumed), NullProgressSink.Instance));

        Assert.Contains("report", state.CompletedPhases);
        Assert.Equal(Weights(straight, "warmup"), Weights(resumed, "warmup"));
        Assert.Equal(Weights(straight, "policy"), Weights(resumed, "policy"));
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "policy.json")), File.ReadAllText(Path.Combine(resumed, "policy.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "metrics.json")), File.ReadAllText(Path.Combine(resumed, "metrics.json")));
    }

    [Fact]
    public void SameSeedSameDataAndPolicy()
    {
        var config = TinyExperiment.Config();
        string a = Path.Combine(_root, "a"), b = Path.Combine(_root, "b");
        Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(a), NullProgressSink.Instance));
        Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(b), NullProgressSink.Instance));
        Assert.Equal(File.ReadAllText(Path.Combine(a, "policies", "probabilities.json")), File.ReadAllText(Path.Combine(b, "policies", "probabilities.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(a, "policy.json")), File.ReadAllText(Path.Combine(b, "policy.json")));
    }

    [Fact]
    public void NaNLossStopsWithAClearErrorAndLeavesNoFinishedPhase()
    {
        var config = TinyExperiment.Config();
        var data = TinyExperiment.Data(config);
        var bad = DataSplits.Create(new NaNImages(data.Train), data.Val, data.Test, config.Seed);
        string dir = Path.Combine(_root, "nan");
        var e = Assert.Throws<NonFiniteLossException>(() => Trainer.Run(new TrainingContext(config, bad, new RunDirectory(dir), NullProgressSink.Instance)));
        Assert.Contains("warmup step 1", e.Message);
        Assert.Contains("NaN", e.Message);
        Assert.Empty(new RunDirectory(dir).LoadState().CompletedPhases);
    }

    [Fact]
    public void BatchesArePureFunctionsOfSeedPhaseAndIteration()
    {
        var first = BatchBuilder.TrainingIndices(100, 16, 7, "warmup", 13);
        Assert.Equal(first, BatchBuilder.TrainingIndices(100, 16, 7, "warmup", 13));
        Assert.NotEqual(first, BatchBuilder.TrainingIndices(100, 16, 8, "warmup", 13));
        // one epoch (6 batches of 16 from 100) visits 96 distinct samples
        var epoch = Enumerable.Range(0, 6).SelectMany(i => BatchBuilder.TrainingIndices(100, 16, 7, "warmup", i)).ToList();
        Assert.Equal(96, epoch.Distinct().Count());
    }

    [Fact]
    public void FlipMirrorsMapsAndNegatesNormalX()
    {
        float[] normal = { 1, 2, 3, 4, /* y */ 5, 6, 7, 8, /* z */ 9, 10, 11, 12 }; // 3 × 1 × 4
        var dst = new float[12];
        Augment.FlipHorizontal(normal, dst, 3, 1, 4, Augment.NegatedChannelsOnFlip(TargetNames.Normal));
        Assert.Equal(new float[] { -4, -3, -2, -1, 8, 7, 6, 5, 12, 11, 10, 9 }, dst);
    }
}
