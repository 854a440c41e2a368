using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Metrics;
using AdaShare.Model;
using AdaShare.Tasks;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using TorchSharp;
using AdaShare.Experiments;

namespace AdaShare.Tests.Extension;

/// <summary>
/// A user adds a method, a task kind and a dataset kind from their own assembly — this test assembly — without editing
/// the core: the config validator accepts their names, and the toy method trains and evaluates end to end.
/// </summary>
public sealed class UserExtensionTests : IDisposable
{
    private const string ToyMethod = "toy-shared-trunk";
    private const string ToyTask = "toy-depth";
    private const string ToyDataset = "toy-rooms";

    /// <summary>A task kind of the user's: depth regression with a plain L1 loss on every pixel.</summary>
    private sealed class PlainL1Depth : ITaskKind
    {
        private readonly DepthTask depth = new();
        public string Name => ToyTask;
        public bool IsDense => true;
        public int OutputChannels(TargetInfo target) => 1;
        public torch.Tensor Loss(torch.Tensor output, torch.Tensor target) => torch.nn.functional.l1_loss(output, target);
        public torch.Tensor Predict(torch.Tensor output) => depth.Predict(output);
        public ITaskMetric CreateMetric(TargetInfo target, bool officialCompat) => depth.CreateMetric(target, officialCompat);
    }

    static UserExtensionTests()
    {
        TaskKinds.Register(new PlainL1Depth());
        DatasetKinds.Register(new DatasetKind(ToyDataset, "the tests' tiny squares", "none",
            c => DataSplits.Create(new TinyDataset(c.Data.TrainSize, 1, c.Data.Height, c.Data.Width),
                new TinyDataset(c.Data.ValSize, 2, c.Data.Height, c.Data.Width), new TinyDataset(c.Data.TestSize, 3, c.Data.Height, c.Data.Width), c.Seed),
            (d, errors) => { if (d.TrainSize < 8) errors.Add("data.train_size: toy-rooms needs at least 8 images"); }, NeedsRoot: false));
        MethodRegistry.Register(new BaselineMethod(ToyMethod, "one trunk for all tasks, built by the user",
            (name, ctx) => new GatedModel(new MultiTaskNet(name, ctx.Config.Model, ctx.Tasks), null)));
    }

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "adashare-extension-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, true);
    }

    private static string Yaml(string method, string dataset, string kind, int trainSize = 16) => $$"""
        name: toy
        method: {{method}}
        seed: 1
        data: { dataset: {{dataset}}, height: 32, width: 32, train_size: {{trainSize}}, val_size: 8, test_size: 8 }
        model: { backbone: resnet18, width: 0.125, head_channels: 8, aspp_dilations: [1, 2] }
        train: { batch_size: 4, retrain_iters: 2, lr_step: 100, checkpoint_every: 2, log_every: 1 }
        eval: { batch_size: 8, prediction_images: 1 }
        tasks: [{ name: segmentation }, { name: plain_depth, kind: {{kind}}, target: depth }]
        """;

    [Fact]
    public void RegisteredNamesPassConfigValidation()
    {
        var config = ConfigLoader.Parse(Yaml(ToyMethod, ToyDataset, ToyTask), "toy.yaml");
        Assert.Equal(ToyMethod, config.Method);
        Assert.Contains(ToyMethod, MethodRegistry.Names);
        Assert.Contains(ToyTask, TaskKinds.Names);
        Assert.Contains(ToyDataset, DatasetKinds.Names);

        // The kind's own check runs inside the validator; unknown names are still refused with the registered ones listed.
        var small = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Yaml(ToyMethod, ToyDataset, ToyTask, trainSize: 4), "toy.yaml"));
        Assert.Contains("toy-rooms needs at least 8 images", small.Message);
        var unknown = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Yaml("toy-nope", ToyDataset, ToyTask), "toy.yaml"));
        Assert.Contains(ToyMethod, unknown.Message);
        Assert.Throws<ArgumentException>(() => MethodRegistry.Register(MethodRegistry.Get(ToyMethod)));
    }

    [Fact]
    public void RegisteredMethodTrainsAndEvaluatesEndToEnd()
    {
        var config = ConfigLoader.Parse(Yaml(ToyMethod, ToyDataset, ToyTask), "toy.yaml");
        var ctx = new TrainingContext(config, DatasetFactory.OpenSplits(config), new RunDirectory(_dir), NullProgressSink.Instance);
        var state = Trainer.Run(ctx);

        Assert.Equal(MethodRegistry.Get(ToyMethod).Phases.Select(p => p.Name), state.CompletedPhases);
        var metrics = RunMetrics.Load(Path.Combine(_dir, "metrics.json"));
        Assert.Equal(ToyMethod, metrics.Method);
        Assert.Equal(8, metrics.Data!.Test);
        Assert.Contains(metrics.Tasks["plain_depth"], m => m.Name == "abs_err" && double.IsFinite(m.Value));
        Assert.True(File.Exists(Path.Combine(_dir, "report.md")));
    }
}
