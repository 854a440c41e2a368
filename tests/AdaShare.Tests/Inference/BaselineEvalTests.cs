using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Inference;
using AdaShare.Methods;
using AdaShare.Tests.Cli;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Inference;

/// <summary>`adashare eval` re-scores the runs of every method, not only AdaShare's.</summary>
public sealed class BaselineEvalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-baseline-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Train(string method)
    {
        var config = TinyExperiment.Config();
        config.Method = method;
        string root = Path.Combine(_dir, method);
        var run = new RunDirectory(root);
        run.WriteText(run.ConfigPath, ConfigYaml.ToYaml(config));
        Trainer.Run(new TrainingContext(config, DatasetFactory.OpenSplits(config), run, NullProgressSink.Instance));
        return root;
    }

    [Theory]
    [InlineData("hard-sharing")]
    [InlineData("single-task")] // one network per task: the parts' metrics are merged
    public void RescoringTheTestSplitReproducesTheRunsMetrics(string method)
    {
        string root = Train(method);
        var original = RunMetrics.Load(Path.Combine(root, "metrics.json"));
        var again = RunEvaluation.Score(root, "test");
        Assert.Equal(method, again.Method);
        Assert.Equal(original.Tasks.Keys, again.Tasks.Keys);
        foreach (var (task, values) in original.Tasks)
            for (int i = 0; i < values.Count; i++)
                Assert.Equal(values[i].Value, again.Tasks[task][i].Value, 6);
        Assert.Equal(original.Parameters.Model, again.Parameters.Model);
        Assert.Equal(original.MultiplyAdds, again.MultiplyAdds);

        var cli = CliProcess.Run(_dir, ["eval", "--run", root, "--split", "val"]);
        Assert.True(cli.ExitCode == 0, cli.Output);
        Assert.Equal("val", RunMetrics.Load(Path.Combine(root, "eval", "val-standard", "metrics.json")).Split);
    }

    [Fact]
    public void ABaselineRunWithoutItsTrainedModelIsUnfinished()
    {
        var config = TinyExperiment.Config();
        config.Method = "mtan";
        string root = Path.Combine(_dir, "unfinished");
        new RunDirectory(root).WriteText(Path.Combine(root, "config.yaml"), ConfigYaml.ToYaml(config));
        var e = Assert.Throws<UserErrorException>(() => RunEvaluation.Score(root, "test"));
        Assert.Contains("the train phase has not completed", e.Message);
    }
}
