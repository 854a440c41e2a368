
namespace AdaShare.Data.DomainNet;

/// <summary>
/// The run's splits: train from <c>{domain}_train.txt</c> (train1 and train2 are seeded halves of it; the official
/// code reads the same train list for both), test from <c>{domain}_test.txt</c>, and a validation split for model
/// selection held out of each domain's train list (valSize images per domain, at most half), never from test.
/// </summary>
public static class DomainNetSplits
{
    public static DataSplits Open(string root, IReadOnlyList<string> domains, int size, int valSize, int seed, bool cache)
    {
        foreach (string d in domains)
            if (!DomainNetDataset.AllDomains.Contains(d))
                throw new InvalidDataException($"domainnet: unknown domain '{d}' (tasks name domains: {string.Join(", ", DomainNetDataset.AllDomains)})");
        var trainLists = DomainNetList.ReadAll(root, "train", domains, DomainNetDataset.ClassCount);
        var testLists = DomainNetList.ReadAll(root, "test", domains, DomainNetDataset.ClassCount);
        var names = DomainNetList.ClassNames(trainLists, DomainNetDataset.ClassCount);

        var kept = new List<DomainNetList>();
        var held = new List<DomainNetList>();
        foreach (var list in trainLists)
        {
            int[] order = Enumerable.Range(0, list.Entries.Count).ToArray();
            new Random(SeedMix.Hash(seed, "holdout/" + list.Domain, 0)).Shuffle(order);
            int n = Math.Min(valSize, list.Entries.Count / 2);
            held.Add(list with { Entries = order[..n].Order().Select(i => list.Entries[i]).ToArray() });
            kept.Add(list with { Entries = order[n..].Order().Select(i => list.Entries[i]).ToArray() });
        }
        if (held.Any(l => l.Entries.Count == 0))
            throw new InvalidDataException($"domainnet: data.val_size {valSize} leaves a domain without validation images (each train list needs at least 2 images)");

        // Training samples are drawn through a random crop: caching them would freeze one crop per image.
        var train = new DomainNetDataset(root, kept, training: true, size, names, "domainnet-train");
        IMultiTaskDataset val = new DomainNetDataset(root, held, training: false, size, names, "domainnet-holdout");
        IMultiTaskDataset test = new DomainNetDataset(root, testLists, training: false, size, names, "domainnet-test");
        if (cache)
        {
            val = new CachedDataset(val);
            test = new CachedDataset(test);
        }
        return DataSplits.Create(train, val, test, seed);
    }
}
