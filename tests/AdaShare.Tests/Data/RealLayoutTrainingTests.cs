using AdaShare.Cli.Commands;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

/// <summary>The whole pipeline (warm-up, policy learning, sampling, re-training, evaluation, report) on files in the published layouts.</summary>
public sealed class RealLayoutTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-layout-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Tiny = """
        model: { backbone: resnet18, width: 0.125, head_channels: 8, aspp_dilations: [1, 2], head_dropout: 0.0, loss_resolution: input }
        policy: { samples: 1, include_argmax: false, curriculum_speed: 1 }
        train: { batch_size: 4, warmup_iters: 3, alternations: 2, weight_iters_per_alternation: 1, policy_iters_per_alternation: 1, retrain_iters: 3, lr_step: 100, checkpoint_every: 100, log_every: 1 }
        eval: { batch_size: 4, prediction_images: 2 }
        """;

    private RunMetrics Train(ExperimentConfig config)
    {
        string runDir = Path.Combine(_dir, "run");
        var ctx = new TrainingContext(config, DatasetFactory.OpenSplits(config), new RunDirectory(runDir), NullProgressSink.Instance);
        Trainer.Run(ctx);
        Assert.True(File.Exists(Path.Combine(runDir, "predictions.png")));
        return RunMetrics.Load(Path.Combine(runDir, "metrics.json"));
    }

    [Fact]
    public void Trains_on_the_nyuv2_official_layout_with_the_official_augmentation()
    {
        string root = DatasetFixtures.NyuV2(Path.Combine(_dir, "nyu"), train: 10, test: 2);
        var config = ConfigLoader.Parse($$"""
            name: nyu-fixture
            seed: 1
            data: { dataset: nyuv2, root: {{root}}, val_size: 2, random_scale: [0.5, 1.5], crop: [16, 16], flip: true, normalize: bgr-mean }
            tasks: [{ name: segmentation, weight: 1 }, { name: normal, weight: 20 }, { name: depth, weight: 3 }]
            {{Tiny}}
            """);
        var metrics = Train(config);
        Assert.Equal(["depth", "normal", "segmentation"], metrics.Tasks.Keys.Order());
        Assert.All(metrics.Tasks.Values.SelectMany(v => v), m => Assert.True(double.IsFinite(m.Value), $"{m.Name} = {m.Value}"));
    }

    [Fact]
    public void Trains_on_a_folder_dataset_with_a_target_of_every_kind()
    {
        string root = DatasetFixtures.Folder(Path.Combine(_dir, "mine"));
        var config = ConfigLoader.Parse($$"""
            name: folder-fixture
            seed: 2
            data:
              dataset: folder
              root: {{root}}
              crop: [16, 16]
              random_scale: [0.75, 1.25]
              {{DatasetFixtures.FolderTargetsYaml.Replace("\n", "\n  ")}}
            tasks:
              - { name: semantic, kind: segmentation }
              - { name: depth }
              - { name: normal }
              - { name: edge }
              - { name: keypoint }
              - { name: scene, kind: classification }
            {{Tiny}}
            """);
        var metrics = Train(config);
        Assert.Equal(6, metrics.Tasks.Count);
        Assert.Contains(metrics.Tasks["scene"], m => m.Name == "top1");
        Assert.Contains(metrics.Tasks["semantic"], m => m.Name == "mIoU");
    }

    [Fact]
    public void Data_check_and_preview_run_from_a_config_and_fail_on_invalid_files()
    {
        string root = DatasetFixtures.Folder(Path.Combine(_dir, "mine"));
        string configPath = Path.Combine(_dir, "folder.yaml");
        File.WriteAllText(configPath, $$"""
            data:
              dataset: folder
              root: {{root}}
              crop: [16, 16]
              random_scale: [0.5, 1.5]
              {{DatasetFixtures.FolderTargetsYaml.Replace("\n", "\n  ")}}
            tasks: [{ name: depth }]
            """);
        var cli = new System.CommandLine.RootCommand();
        cli.Subcommands.Add(DataCommand.Create());
        Assert.Equal(0, cli.Parse(["data", "check", "--config", configPath]).Invoke());
        string png = Path.Combine(_dir, "preview.png");
        Assert.Equal(0, cli.Parse(["data", "preview", "--config", configPath, "--out", png, "--count", "3"]).Invoke());
        Assert.True(new FileInfo(png).Length > 0);

        string nyu = DatasetFixtures.NyuV2(Path.Combine(_dir, "nyu"));
        Assert.Equal(0, cli.Parse(["data", "check", "--dataset", "nyuv2", "--root", nyu, "--split", "test"]).Invoke());

        File.WriteAllText(Path.Combine(root, "test", "depth", "img_001.npy"), "garbage");
        Assert.Equal(1, cli.Parse(["data", "check", "--config", configPath]).Invoke());
        Assert.Equal(1, cli.Parse(["data", "check", "--config", configPath, "--set", $"data.root={Path.Combine(_dir, "none")}"]).Invoke());
    }
}
