using System.Diagnostics;
using AdaShare.Methods;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Training;

public class RunSafetyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adashare-safety-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private sealed class Recorder(string? crashPhase = null, long crashStep = -1) : IProgressSink
    {
        public List<string> Messages { get; } = new();
        public void PhaseStarted(string p, string d, long total, long done) { }
        public void Step(string p, long done, IReadOnlyDictionary<string, double> s)
        {
            if (p == crashPhase && done == crashStep)
                throw new IOException("simulated crash");
        }
        public void PhaseFinished(string p) { }
        public void Message(string text) => Messages.Add(text);
    }

    private static int DeadProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("true"))!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void DamagedLatestCheckpointFallsBackToThePreviousOneAndAStaleLockIsTakenOver()
    {
        var config = TinyExperiment.Config("segmentation", "depth");
        config.Train.CheckpointEvery = 2;
        string straight = Path.Combine(_root, "straight"), damaged = Path.Combine(_root, "damaged");
        Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(straight), NullProgressSink.Instance));

        // Crash in warm-up after its step-4 checkpoint (step 2's is kept as the previous one), then damage the latest.
        Assert.Throws<IOException>(() => Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(damaged), new Recorder("warmup", 5))));
        string model = Path.Combine(damaged, "checkpoints", "warmup", "model.pt");
        using (var stream = new FileStream(model, FileMode.Open))
            stream.SetLength(stream.Length / 2);
        File.WriteAllText(Path.Combine(damaged, "run.lock"), $"{DeadProcessId()}\n"); // left by a killed process

        var sink = new Recorder();
        Trainer.Run(new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(damaged), sink));
        Assert.Contains(sink.Messages, m => m.StartsWith("warning:", StringComparison.Ordinal) && m.Contains(model) && m.Contains("falling back"));
        Assert.False(File.Exists(Path.Combine(damaged, "run.lock")));
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "policy.json")), File.ReadAllText(Path.Combine(damaged, "policy.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "metrics.json")), File.ReadAllText(Path.Combine(damaged, "metrics.json")));
    }

    [Fact]
    public void DivergenceGuardWarnsOnceAndKeepsTheHealthyMedian()
    {
        var guard = new DivergenceGuard(10);
        for (int i = 0; i < 12; i++)
            Assert.False(guard.Observe(1.0 + 0.01 * i));
        Assert.False(guard.Diverged);
        Assert.True(guard.Observe(50));   // > 10 × median ≈ 1.06: warns
        Assert.False(guard.Observe(80));  // still diverged, no second warning
        Assert.True(guard.Diverged);
        Assert.InRange(guard.Median, 1.0, 1.2); // diverged losses stay out of the reference
        Assert.False(guard.Observe(1.1));
        Assert.False(guard.Diverged);
        Assert.False(new DivergenceGuard(0).Observe(1e30)); // 0 = off
    }
}
