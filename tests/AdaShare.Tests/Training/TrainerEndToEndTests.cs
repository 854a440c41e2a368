using AdaShare.Model.Policy;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

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

        Assert.Equal(new AdaShare.Methods.AdaShareMethod().Phases.Select(p => p.Name), state.CompletedPhases);
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
}
