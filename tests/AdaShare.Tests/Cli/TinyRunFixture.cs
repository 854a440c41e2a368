using AdaShare.Data;
using AdaShare.Data.NyuV2;
using AdaShare.Data.Scenes;

namespace AdaShare.Tests.Cli;

/// <summary>
/// What the CLI tests share: a world-readable temp folder, a tiny config (seconds to train), and one uninterrupted run
/// of it through the CLI — the reference for byte-identical resumes and the base that failure cases damage copies of.
/// </summary>
public sealed class TinyRunFixture : IDisposable
{
    public const string Yaml = """
        name: tiny
        seed: 3
        threads: 1
        data: { dataset: scenes, height: 32, width: 32, train_size: 16, val_size: 4, test_size: 4 }
        model: { backbone: resnet18, width: 0.0625, head_channels: 4, aspp_dilations: [1, 2], head_dropout: 0.0, loss_resolution: input }
        policy: { samples: 1, include_argmax: true, curriculum_speed: 1 }
        train: { batch_size: 4, warmup_iters: 6, alternations: 3, weight_iters_per_alternation: 2, policy_iters_per_alternation: 2, retrain_iters: 6, lr_step: 100, checkpoint_every: 2, log_every: 1 }
        eval: { batch_size: 4, prediction_images: 1 }
        tasks: [{ name: segmentation }, { name: depth }]
        """;

    public TinyRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("adashare-cli-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101); // the unwritable-directory case runs as nobody
        ConfigPath = Path.Combine(Root, "tiny.yaml");
        File.WriteAllText(ConfigPath, Yaml);
        Straight = Path.Combine(Root, "straight");
        var result = CliProcess.Run(Root, new[] { "train", "--config", ConfigPath, "--run-dir", Straight, "--plain" });
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"the reference run failed: {result.Output}");
    }

    public string Root { get; }
    public string ConfigPath { get; }

    /// <summary>The finished, uninterrupted reference run.</summary>
    public string Straight { get; }

    /// <summary>A fresh copy of the finished run, to damage.</summary>
    public string CopyOfFinishedRun(string name)
    {
        string dir = Path.Combine(Root, name);
        CliProcess.CopyDirectory(Straight, dir);
        return dir;
    }

    /// <summary>A small NYUv2-layout export of the tiny scenes (classes.json, train and val folders).</summary>
    public string ExportNpyDataset(string name)
    {
        string root = Path.Combine(Root, name);
        var options = new ScenesOptions { Height = 32, Width = 32, TrainSize = 16, ValSize = 4, TestSize = 4 };
        NyuV2NpyExporter.Export(new ScenesDataset(options, "train"), root, "train");
        NyuV2NpyExporter.Export(new ScenesDataset(options, "test"), root, "val");
        return root;
    }

    public void Dispose() => Directory.Delete(Root, true);
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<TinyRunFixture>
{
    public const string Name = "adashare CLI runs";
}
