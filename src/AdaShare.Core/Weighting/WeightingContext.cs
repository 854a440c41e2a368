using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// What a weighting is built for: the tasks' λ (config <c>tasks[].weight</c>), the run seed, DWA's epoch length in
/// weight-update iterations, the device learnable weights live on, and how to average per-task numbers over the
/// data-parallel ranks (so that a method whose weights follow loss values or gradient norms keeps the same weights on
/// every rank; none in one process).
/// </summary>
public sealed record WeightingContext(IReadOnlyList<double> TaskWeights, int Seed, long EpochIterations, Device? Device = null,
    Action<double[]>? AverageOverRanks = null)
{
    public int TaskCount => TaskWeights.Count;

    /// <summary>Replaces each value by its mean over the ranks (a no-op in one process) and returns the same array.</summary>
    public double[] RankMean(double[] values)
    {
        AverageOverRanks?.Invoke(values);
        return values;
    }
}
