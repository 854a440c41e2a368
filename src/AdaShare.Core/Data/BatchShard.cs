namespace AdaShare.Data;

/// <summary>
/// Which slice of each global training batch this process holds (data-parallel rank <see cref="Index"/> of
/// <see cref="Count"/>). Random draws that depend on the sample — dropout masks — are made for the whole global batch and
/// sliced, so a run gives the same results on any number of ranks. One per process, set when training starts.
/// </summary>
public readonly record struct BatchShard(int Index, int Count)
{
    public static readonly BatchShard Whole = new(0, 1);

    public static BatchShard Current { get; set; } = Whole;
}
