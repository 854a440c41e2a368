namespace AdaShare.Data;

/// <summary>Keeps every sample after its first use, so generated or decoded data is produced once per run.</summary>
public sealed class CachedDataset(IMultiTaskDataset source) : IMultiTaskDataset
{
    private readonly MultiTaskSample?[] cache = new MultiTaskSample?[source.Count];

    public string Name => source.Name;
    public int Count => source.Count;
    public int Height => source.Height;
    public int Width => source.Width;
    public IReadOnlyList<TargetInfo> Targets => source.Targets;
    public int Views => source.Views;

    public MultiTaskSample Get(int index)
    {
        var sample = Volatile.Read(ref cache[index]);
        if (sample != null)
            return sample;
        sample = source.Get(index);
        Volatile.Write(ref cache[index], sample);
        return sample;
    }
}
