namespace AdaShare.Data;

/// <summary>
/// Splits of a layout with a JSON split list (<see cref="SplitList"/>): the validation split is a seeded hold-out of
/// <c>train</c> (never the test split, unlike the official code); train, train1 and train2 lose the held-out entries;
/// train1 / train2 are used as listed when the file has both (they must be subsets of train), else train is halved.
/// </summary>
public static class ListedSplits
{
    public static OpenedSplits Open(SplitList list, Func<string, IReadOnlyList<string[]>, IMultiTaskDataset> open, string testSplit, int valSize, int seed)
    {
        var all = list.Get("train");
        int valCount = Math.Min(valSize, all.Count / 2);
        int[] order = Enumerable.Range(0, all.Count).ToArray();
        new Random(SeedMix.Hash(seed, "holdout", 0)).Shuffle(order);
        var valEntries = order[..valCount].Order().Select(i => all[i]).ToList();
        var trainEntries = order[valCount..].Order().Select(i => all[i]).ToList();

        var train = open("train", trainEntries);
        var val = open("train (held out for validation)", valEntries);
        var test = open(testSplit, list.Get(testSplit));

        (int[], int[])? halves = null;
        if (list.Has("train1") && list.Has("train2"))
        {
            var index = new Dictionary<string, int>();
            for (int i = 0; i < trainEntries.Count; i++) index[Key(trainEntries[i])] = i;
            var held = valEntries.Select(Key).ToHashSet();
            var known = all.Select(Key).ToHashSet();
            int[] Half(string name)
            {
                var ids = new List<int>();
                foreach (var e in list.Get(name))
                {
                    if (!known.Contains(Key(e))) throw new InvalidDataException($"{list.File}: split '{name}' lists {e[0]}, which is not in 'train' (train1 and train2 must be halves of train)");
                    if (!held.Contains(Key(e))) ids.Add(index[Key(e)]);
                }
                if (ids.Count == 0) throw new InvalidDataException($"{list.File}: split '{name}' has no sample left after the validation hold-out (data.val_size)");
                return ids.ToArray();
            }
            halves = (Half("train1"), Half("train2"));
        }
        return new OpenedSplits(train, val, test, halves);
    }

    private static string Key(string[] entry) => entry[0].TrimStart('/', '\\');
}
