using AdaShare.Config;
using AdaShare.Data.CityScapes;
using AdaShare.Data.DomainNet;
using AdaShare.Data.NyuV2;
using AdaShare.Data.Scenes;
using AdaShare.Data.Taskonomy;
using AdaShare.Training;

namespace AdaShare.Data;

/// <summary>Opens the train / val / test splits a config names. The only place that knows the dataset kinds.</summary>
public static class DatasetFactory
{
    public static readonly IReadOnlyList<string> Kinds = new[] { "scenes", "nyuv2-npy", "cityscapes-npy", "taskonomy", "domainnet" };

    public static DataSplits OpenSplits(ExperimentConfig config)
    {
        var d = config.Data;
        if (d.Dataset == "taskonomy") // official train1 / train2 lists, not halves of train
            return TaskonomySplits.Open(RootOf(config), d.Height, d.Width, d.ValSize, config.Seed, d.Cache);
        if (d.Dataset == "domainnet") // one image per domain; the tasks name the domains
            return DomainNetSplits.Open(RootOf(config), config.Tasks.Select(t => t.Target ?? t.Name).Distinct().ToArray(), d.Height, d.ValSize, config.Seed, d.Cache);
        IMultiTaskDataset train, val, test;
        switch (d.Dataset)
        {
            case "scenes":
                var options = new ScenesOptions
                {
                    Seed = (ulong)d.DataSeed, Height = d.Height, Width = d.Width, TrainSize = d.TrainSize, ValSize = d.ValSize, TestSize = d.TestSize,
                };
                train = new ScenesDataset(options, "train");
                val = new ScenesDataset(options, "val");
                test = new ScenesDataset(options, "test");
                break;
            case "nyuv2-npy":
                (train, val, test) = OpenTrainVal(config, (root, split) => new NyuV2NpyDataset(root, split, d.NumClasses ?? 13));
                break;
            case "cityscapes-npy":
                (train, val, test) = OpenTrainVal(config, (root, split) => new CityScapesNpyDataset(root, split, d.NumClasses ?? 7));
                break;
            default:
                throw new ConfigException($"data.dataset: '{d.Dataset}' is not one of {string.Join(", ", Kinds)}");
        }
        if (d.Cache)
        {
            train = new CachedDataset(train);
            val = new CachedDataset(val);
            test = new CachedDataset(test);
        }
        return DataSplits.Create(train, val, test, config.Seed);
    }

    /// <summary>
    /// The MTAN layouts have train and val folders only: val is the test split (as MTAN, LibMTL, CAGrad report),
    /// and model selection uses a seeded hold-out of the train folder (data.val_size, at most half of it) instead.
    /// </summary>
    private static (IMultiTaskDataset Train, IMultiTaskDataset Val, IMultiTaskDataset Test) OpenTrainVal(
        ExperimentConfig config, Func<string, string, IMultiTaskDataset> open)
    {
        var d = config.Data;
        string root = RootOf(config);
        var full = open(root, "train");
        var test = open(root, "val");
        var (train, val) = HoldOut(full, Math.Min(d.ValSize, full.Count / 2), config.Seed);
        return (train, val, test);
    }

    private static string RootOf(ExperimentConfig config) =>
        config.Data.Root ?? throw new ConfigException($"data.root: {config.Data.Dataset} needs the dataset folder");

    private static (IMultiTaskDataset Train, IMultiTaskDataset Val) HoldOut(IMultiTaskDataset full, int valCount, int seed)
    {
        int[] order = Enumerable.Range(0, full.Count).ToArray();
        new Random(SeedMix.Hash(seed, "holdout", 0)).Shuffle(order);
        return (new DatasetSubset(full, order[valCount..].Order().ToArray(), full.Name + "-train"),
                new DatasetSubset(full, order[..valCount].Order().ToArray(), full.Name + "-holdout"));
    }
}
