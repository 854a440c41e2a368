using AdaShare.Data;

namespace AdaShare.Tests.Fakes;

/// <summary>A dataset whose images are all NaN: the first loss computed on it is not finite.</summary>
public sealed class NaNImages(IMultiTaskDataset inner) : IMultiTaskDataset
{
    public string Name => inner.Name;
    public int Count => inner.Count;
    public int Height => inner.Height;
    public int Width => inner.Width;
    public IReadOnlyList<TargetInfo> Targets => inner.Targets;

    public MultiTaskSample Get(int index)
    {
        var s = inner.Get(index);
        return new MultiTaskSample { Image = s.Image.Select(_ => float.NaN).ToArray(), Targets = s.Targets };
    }
}
