using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Fakes;

/// <summary>One finished tiny AdaShare run (all phases), trained once and shared by the tests that need a trained model.</summary>
public sealed class FinishedRunFixture : IDisposable
{
    public FinishedRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("adashare-finished-").FullName;
        Config = TinyExperiment.Config();
        var run = new RunDirectory(Root);
        run.WriteText(run.ConfigPath, ConfigYaml.ToYaml(Config));
        // The real (procedural) splits the config names, so that commands reopening the run see the data it was trained on.
        State = Trainer.Run(new TrainingContext(Config, DatasetFactory.OpenSplits(Config), run, NullProgressSink.Instance));
    }

    public string Root { get; }
    public ExperimentConfig Config { get; }
    public RunState State { get; }

    public void Dispose() => Directory.Delete(Root, true);
}

[CollectionDefinition(Name)]
public sealed class FinishedRunCollection : ICollectionFixture<FinishedRunFixture>
{
    public const string Name = "finished tiny run";
}
