namespace AdaShare.Data;

/// <summary>The splits a run trains and evaluates on; train1/train2 are two halves of train (weights vs policy): the
/// dataset's own (official layouts) or a seeded split (<see cref="Create"/>).</summary>
public sealed record DataSplits(IMultiTaskDataset Train, IMultiTaskDataset Train1, IMultiTaskDataset Train2, IMultiTaskDataset Val, IMultiTaskDataset Test)
{
    public static DataSplits Create(IMultiTaskDataset train, IMultiTaskDataset val, IMultiTaskDataset test, int seed)
    {
        var (t1, t2) = DatasetSubset.SplitInHalves(train, seed);
        return new DataSplits(train, t1, t2, val, test);
    }
}
