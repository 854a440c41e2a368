using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>One named number of a task's evaluation and the direction in which it improves.</summary>
public sealed record MetricValue(string Name, double Value, bool HigherIsBetter);

/// <summary>
/// Accumulates a task's evaluation over a whole split (never an average of per-batch means), then reports it.
/// <c>prediction</c> is the head's raw output already resized to the target's H×W (B×C×H×W);
/// <c>target</c> follows the dataset conventions of <see cref="AdaShare.Data.TargetNames"/> (B×Ct×H×W).
/// </summary>
public interface ITaskMetric
{
    void Reset();
    void Update(torch.Tensor prediction, torch.Tensor target);
    IReadOnlyList<MetricValue> Compute();
}
