using AdaShare.Config;

namespace AdaShare.Data;

/// <summary>Opens the train / train1 / train2 / val / test splits a config names (the kinds are in <see cref="DatasetKinds"/>).</summary>
public static class DatasetFactory
{
    public static IReadOnlyList<string> Kinds => DatasetKinds.Names;

    public static DataSplits OpenSplits(ExperimentConfig config) => DatasetKinds.Get(config.Data.Dataset).Open(config);

    /// <summary>
    /// The run's splits from what a kind opened: cached when data.cache is set; train1 / train2 as the dataset's own
    /// halves when it defines them, else a seeded split of train in two.
    /// </summary>
    public static DataSplits Complete(ExperimentConfig config, OpenedSplits opened)
    {
        IMultiTaskDataset train = opened.Train, val = opened.Val, test = opened.Test;
        if (config.Data.Cache)
        {
            train = new CachedDataset(train);
            val = new CachedDataset(val);
            test = new CachedDataset(test);
        }
        if (opened.Halves is not { } halves)
            return DataSplits.Create(train, val, test, config.Seed);
        // the dataset's own train1 / train2 (official layouts), as views of train so that one cache serves all three
        return new DataSplits(train, new DatasetSubset(train, halves.First, train.Name + "1"), new DatasetSubset(train, halves.Second, train.Name + "2"), val, test);
    }

    /// <summary>The input normalisation of a config: data.normalize, or its dataset kind's default.</summary>
    public static InputNormalization Normalization(DataConfig data) =>
        InputNormalization.Get(data.Normalize ?? DatasetKinds.Find(data.Dataset)?.DefaultNormalization ?? "none");

    /// <summary>The training augmentation of a config (data.flip, data.random_scale, data.crop).</summary>
    public static TrainingAugmentation Augmentation(DataConfig data) => new(
        data.Flip,
        data.RandomScale is [double lo, double hi] ? lo : 1,
        data.RandomScale is [_, double hi2] ? hi2 : 1,
        data.Crop is [int ch, _] ? ch : 0,
        data.Crop is [_, int cw] ? cw : 0);
}
