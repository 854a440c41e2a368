using AdaShare.Methods;
using AdaShare.Model.Policy;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Training;

public class TrainerEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void FullPipelineWritesEveryArtefact()
    {
        var config = TinyExperiment.Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        var state = Trainer.Run(ctx);

        Assert.Equal(new AdaShare.Methods.AdaShare.AdaShareMethod().Phases.Select(p => p.Name), state.CompletedPhases);
        Assert.True(File.Exists(Path.Combine(_dir, "policy.json")));
        Assert.True(File.Exists(Path.Combine(_dir, "metrics.json")));
        Assert.True(File.Exists(Path.Combine(_dir, "train-log.csv")));
        Assert.True(File.Exists(Path.Combine(_dir, "policies", "argmax.json")));
        Assert.NotNull(state.SelectedCandidate);
        var policy = TaskPolicy.FromJson(File.ReadAllText(Path.Combine(_dir, "policy.json")));
        Assert.Equal(new[] { "segmentation", "depth", "normal" }, policy.TaskNames);
        var metrics = RunMetrics.Load(Path.Combine(_dir, "metrics.json"));
        Assert.Equal(3, metrics.Tasks.Count);
        Assert.Contains(metrics.Tasks["segmentation"], m => m.Name == "mIoU");
        Assert.True(metrics.Parameters.Model <= metrics.Parameters.HardSharing);
        Assert.True(metrics.Parameters.HardSharing < metrics.Parameters.SingleTaskTotal);
    }

    [Fact]
    public void WarmUpLossGoesDown()
    {
        var config = AdaShare.Experiments.ConfigLoader.WithOverrides(TinyExperiment.Config(), new[] { "train.warmup_iters=40" }, "test");
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        Trainer.Run(ctx, "warmup");
        var losses = TrainLog.Read(Path.Combine(_dir, "train-log.csv")).Where(r => r.Phase == "warmup" && r.Name == "loss").OrderBy(r => r.Step).Select(r => r.Value).ToList();
        Assert.Equal(40, losses.Count);
        double first = losses.Take(5).Average(), last = losses.TakeLast(5).Average();
        Assert.True(last < 0.8 * first, $"warm-up loss did not go down: first 5 steps {first:F3}, last 5 steps {last:F3}");
    }

    [Fact]
    public void RerunningOnePhaseInvalidatesItAndEveryLaterPhase()
    {
        var config = TinyExperiment.Config();
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        Trainer.Run(ctx);
        string checkpoints = Path.Combine(_dir, "checkpoints");
        Assert.Contains(Directory.GetDirectories(checkpoints), d => Path.GetFileName(d).StartsWith("retrain-", StringComparison.Ordinal));

        var state = Trainer.Run(ctx, "policy");
        Assert.Equal(new[] { "warmup", "policy" }, state.CompletedPhases);
        Assert.DoesNotContain(Directory.GetDirectories(checkpoints), d => Path.GetFileName(d).StartsWith("retrain-", StringComparison.Ordinal));
        Assert.All(state.Candidates, c => Assert.False(c.Retrained));

        state = Trainer.Run(ctx);
        Assert.Equal(new AdaShare.Methods.AdaShare.AdaShareMethod().Phases.Select(p => p.Name), state.CompletedPhases);
    }
}
