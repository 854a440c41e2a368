using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>
/// Mean absolute error over the split's pixels whose target is not the ignore label (edge and keypoint maps,
/// Taskonomy style): Σ|p − g| / #valid, lower is better. Prediction and target are B×C×H×W with equal C.
/// </summary>
public sealed class MaskedL1Metric : ITaskMetric
{
    private long _count;
    private double _sum;

    public MaskedL1Metric(string name = "l1_err", float ignoreLabel = 255f)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        IgnoreLabel = ignoreLabel;
    }

    public string Name { get; }
    public float IgnoreLabel { get; }
    public long ValidPixels => _count;

    public void Reset()
    {
        _count = 0;
        _sum = 0;
    }

    public void Update(torch.Tensor prediction, torch.Tensor target)
    {
        // Checked here because the channel count below reads the target before CheckDense does.
        ArgumentNullException.ThrowIfNull(target);
        MetricTensors.CheckDense(nameof(MaskedL1Metric), prediction, target, target.shape.Length == 4 ? target.shape[1] : null, null);
        using var scope = torch.NewDisposeScope();
        float[] pred = MetricTensors.ToFloatArray(prediction);
        float[] gt = MetricTensors.ToFloatArray(target);
        for (int i = 0; i < gt.Length; i++)
        {
            float g = gt[i];
            if (g != IgnoreLabel && !float.IsNaN(g))
            {
                _count++;
                _sum += Math.Abs((double)pred[i] - g);
            }
        }
    }

    public IReadOnlyList<MetricValue> Compute() =>
        [new MetricValue(Name, _count > 0 ? _sum / _count : double.NaN, false)];
}
