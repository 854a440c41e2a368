using AdaShare.Methods;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Baselines;

public class BaselineTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-baseline-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("single-task")]
    [InlineData("hard-sharing")]
    [InlineData("random-policy")]
    [InlineData("stochastic-depth")]
    [InlineData("cross-stitch")]
    [InlineData("mtan")]
    [InlineData("nddr")]
    [InlineData("sluice")]
    public void TrainsAndWritesMetrics(string method)
    {
        var config = TinyExperiment.Config();
        config.Method = method;
        var ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
        var state = Trainer.Run(ctx);

        Assert.Equal(new[] { "train", "eval", "report" }, state.CompletedPhases);
        Assert.True(File.Exists(Path.Combine(_dir, "report.md")));
        var metrics = RunMetrics.Load(Path.Combine(_dir, "metrics.json"));
        Assert.Equal(method, metrics.Method);
        Assert.Equal(new[] { "segmentation", "depth", "normal" }, metrics.Tasks.Keys);
        Assert.Contains(metrics.Tasks["segmentation"], m => m.Name == "mIoU" && double.IsFinite(m.Value));
        Assert.Contains(metrics.Tasks["depth"], m => m.Name == "abs_err" && double.IsFinite(m.Value));

        Assert.True(metrics.Parameters.Model > 0);
        Assert.True(metrics.MultiplyAdds > 0);
        Assert.Equal(ctx.TaskNames, metrics.MultiplyAddsPerTask!.Keys);
        Assert.Equal(ctx.TaskNames, metrics.Parameters.PerTask!.Keys);
        foreach (var task in ctx.TaskNames)
        {
            Assert.InRange(metrics.MultiplyAddsPerTask[task], 1, metrics.MultiplyAdds!.Value);
            Assert.InRange(metrics.Parameters.PerTask[task], 1, metrics.Parameters.Model);
        }
        if (method == "single-task")
        {
            // Independent networks: the task paths add up to the whole, and there is one checkpoint per task.
            Assert.Equal(metrics.MultiplyAdds, metrics.MultiplyAddsPerTask.Values.Sum());
            Assert.Equal(metrics.Parameters.Model, metrics.Parameters.PerTask.Values.Sum());
            Assert.Equal(metrics.Parameters.SingleTaskTotal, metrics.Parameters.Model);
            foreach (var task in ctx.TaskNames)
                Assert.True(File.Exists(Path.Combine(_dir, "checkpoints", $"train-{task}", "model.pt")));
        }
        if (method == "hard-sharing")
            Assert.Equal(metrics.Parameters.HardSharing, metrics.Parameters.Model);
        if (method == "random-policy")
        {
            Assert.True(File.Exists(Path.Combine(_dir, "policy.json")));
            Assert.Equal(config.Policy.RandomExecuteRate, metrics.ExecuteRate, 1);
        }

        // A finished run is not trained again.
        var again = Trainer.Run(ctx);
        Assert.Equal(state.PhaseSeconds, again.PhaseSeconds);
    }
}
