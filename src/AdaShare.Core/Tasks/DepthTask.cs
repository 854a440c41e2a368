using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Tasks.Losses;
using TorchSharp;

namespace AdaShare.Tasks;

/// <summary>Depth regression: L1 over pixels with a valid (positive) ground truth depth.</summary>
public sealed class DepthTask : ITaskKind
{
    public string Name => "depth";
    public bool IsDense => true;
    public int OutputChannels(TargetInfo target) => 1;

    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target)
    {
        using var valid = target.gt(0);
        return TaskLosses.MaskedL1(output, target, valid);
    }

    public torch.Tensor Predict(torch.Tensor output) => output.alias();

    public ITaskMetric CreateMetric(TargetInfo target, bool officialCompat) => new DepthMetrics(officialCompat);
}
