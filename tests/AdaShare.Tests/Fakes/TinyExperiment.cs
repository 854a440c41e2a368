using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Tests.Fakes;

/// <summary>A tiny-width, few-iteration experiment over <see cref="TinyDataset"/> that runs in seconds.</summary>
public static class TinyExperiment
{
    public static ExperimentConfig Config(params string[] tasks)
    {
        string taskList = string.Join(", ", (tasks.Length == 0 ? new[] { "segmentation", "depth", "normal" } : tasks).Select(t => $"{{ name: {t} }}"));
        return ConfigLoader.Parse($$"""
            name: tiny
            seed: 3
            data: { dataset: scenes, height: 32, width: 32, train_size: 64, val_size: 16, test_size: 16, flip: true }
            model: { backbone: resnet18, width: 0.125, head_channels: 8, aspp_dilations: [1, 2], head_dropout: 0.0, loss_resolution: input }
            policy: { samples: 2, include_argmax: true, curriculum_speed: 1, sparsity_weight: 0.05, sharing_weight: 0.05 }
            train:
              batch_size: 8
              warmup_iters: 6
              alternations: 3
              weight_iters_per_alternation: 2
              policy_iters_per_alternation: 2
              retrain_iters: 6
              lr_step: 100
              checkpoint_every: 4
              log_every: 1
            eval: { batch_size: 8, prediction_images: 2 }
            tasks: [{{taskList}}]
            """);
    }

    public static DataSplits Data(ExperimentConfig c) =>
        DataSplits.Create(new TinyDataset(c.Data.TrainSize, 1, c.Data.Height, c.Data.Width), new TinyDataset(c.Data.ValSize, 2, c.Data.Height, c.Data.Width),
            new TinyDataset(c.Data.TestSize, 3, c.Data.Height, c.Data.Width), c.Seed);
}
