using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// What a weighting is built for: the tasks' λ (config <c>tasks[].weight</c>), the run seed, DWA's epoch length in
/// weight-update iterations, and the device learnable weights live on.
/// </summary>
public sealed record WeightingContext(IReadOnlyList<double> TaskWeights, int Seed, long EpochIterations, Device? Device = null)
{
    public int TaskCount => TaskWeights.Count;
}
