
namespace AdaShare.Data.Taskonomy;

/// <summary>
/// The run's splits from taskonomy.json, used as the official code uses them: train for warm-up and re-training,
/// train1 / train2 for weight and policy updates, test for the final scores. Model selection needs a validation split
/// that is not test: a seeded hold-out of <c>valSize</c> train entries (at most half), removed from train, train1
/// and train2 alike so that no validation image is ever trained on.
/// </summary>
public static class TaskonomySplits
{
    public static DataSplits Open(string root, int height, int width, int valSize, int seed, bool cache)
    {
        var full = new TaskonomyDataset(root, "train", height, width);
        var test = new TaskonomyDataset(root, "test", height, width);
        var part1 = new TaskonomyDataset(root, "train1", height, width);
        var part2 = new TaskonomyDataset(root, "train2", height, width);

        IMultiTaskDataset source = cache ? new CachedDataset(full) : full;
        var position = new Dictionary<string, int>();
        var keys = full.EntryKeys;
        for (int i = 0; i < keys.Count; i++) position.TryAdd(keys[i], i);

        int[] order = Enumerable.Range(0, full.Count).ToArray();
        new Random(SeedMix.Hash(seed, "holdout", 0)).Shuffle(order);
        int valCount = Math.Min(valSize, full.Count / 2);
        var heldOut = order[..valCount].Order().ToArray();
        var heldOutKeys = heldOut.Select(i => keys[i]).ToHashSet();
        var train = new DatasetSubset(source, order[valCount..].Order().ToArray(), "taskonomy-train");
        var val = new DatasetSubset(source, heldOut, "taskonomy-holdout");

        // train1 / train2 are halves of train in the published list: share train's (cached) samples when they are.
        IMultiTaskDataset Half(TaskonomyDataset part)
        {
            var kept = Enumerable.Range(0, part.Count).Where(i => !heldOutKeys.Contains(part.EntryKeys[i])).ToArray();
            if (part.EntryKeys.All(position.ContainsKey))
                return new DatasetSubset(source, kept.Select(i => position[part.EntryKeys[i]]).ToArray(), $"taskonomy-{part.Split}");
            return new DatasetSubset(cache ? new CachedDataset(part) : part, kept, $"taskonomy-{part.Split}");
        }

        return new DataSplits(train, Half(part1), Half(part2), val, cache ? new CachedDataset(test) : test);
    }
}
