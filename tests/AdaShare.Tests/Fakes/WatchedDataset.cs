using AdaShare.Data;

namespace AdaShare.Tests.Fakes;

/// <summary>Counts the samples read from a dataset, or throws on any read (a split a phase must never touch).</summary>
public sealed class WatchedDataset(IMultiTaskDataset inner, bool forbidden = false) : IMultiTaskDataset
{
    private int reads;

    public int Reads => reads;
    public string Name => inner.Name;
    public int Count => inner.Count;
    public int Height => inner.Height;
    public int Width => inner.Width;
    public IReadOnlyList<TargetInfo> Targets => inner.Targets;

    public MultiTaskSample Get(int index)
    {
        if (forbidden)
            throw new InvalidOperationException($"split '{inner.Name}' must not be read here");
        Interlocked.Increment(ref reads);
        return inner.Get(index);
    }
}
