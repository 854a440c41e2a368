namespace AdaShare.Data;

/// <summary>A view of some samples of a dataset (e.g. the train1 / train2 halves of train); keeps the source's random transform.</summary>
public sealed class DatasetSubset(IMultiTaskDataset source, IReadOnlyList<int> indices, string name) : IRandomTransformDataset
{
    public string Name => name;
    public int Count => indices.Count;
    public int Height => source.Height;
    public int Width => source.Width;
    public IReadOnlyList<TargetInfo> Targets => source.Targets;
    public int Views => source.Views;
    public IReadOnlyList<int> Indices => indices;
    public IMultiTaskDataset Source => source;

    public MultiTaskSample Get(int index) => source.Get(indices[index]);

    public MultiTaskSample GetTransformed(int index, int seed) =>
        source is IRandomTransformDataset random ? random.GetTransformed(indices[index], seed) : source.Get(indices[index]);

    /// <summary>Two disjoint halves of <paramref name="source"/> by a seeded permutation (the paper's train1 / train2).</summary>
    public static (DatasetSubset First, DatasetSubset Second) SplitInHalves(IMultiTaskDataset source, int seed)
    {
        int[] order = Enumerable.Range(0, source.Count).ToArray();
        new Random(seed).Shuffle(order);
        int half = source.Count / 2;
        return (new DatasetSubset(source, order[..half].Order().ToArray(), source.Name + "1"),
                new DatasetSubset(source, order[half..].Order().ToArray(), source.Name + "2"));
    }
}
