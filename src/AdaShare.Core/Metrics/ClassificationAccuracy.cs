using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>
/// Top-1 accuracy over the split: prediction B×C (or B×C×1×1) logits, target B (or B×1, B×1×1×1) class ids stored as
/// numbers. Targets outside 0..C−1 or non-integral (e.g. the ignore label) are skipped and counted in
/// <see cref="Skipped"/>. Reports <c>top1</c> as a fraction, higher is better.
/// </summary>
public sealed class ClassificationAccuracy : ITaskMetric
{
    private long _correct, _total, _skipped;

    public ClassificationAccuracy(string name = "top1")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }
    public long Total => _total;
    public long Skipped => _skipped;

    public void Reset() => _correct = _total = _skipped = 0;

    public void Update(torch.Tensor prediction, torch.Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        long b = prediction.dim() >= 1 ? prediction.shape[0] : -1;
        bool predOk = (prediction.dim() == 2 || (prediction.dim() == 4 && prediction.shape[2] == 1 && prediction.shape[3] == 1))
            && prediction.shape[1] >= 1;
        bool targetOk = target.dim() >= 1 && target.shape[0] == b && target.numel() == b;
        if (!predOk || !targetOk)
        {
            throw new ArgumentException(
                $"{nameof(ClassificationAccuracy)}: expected prediction B×C or B×C×1×1 and target B (or B×1×1×1), got " +
                $"{MetricTensors.Shape(prediction)} and {MetricTensors.Shape(target)}.");
        }
        long c = prediction.shape[1];
        using var scope = torch.NewDisposeScope();
        long[] pred = MetricTensors.ToLongArray(prediction.detach().reshape(b, c).argmax(1));
        float[] gt = MetricTensors.ToFloatArray(target);
        for (int i = 0; i < gt.Length; i++)
        {
            float g = gt[i];
            if (g >= 0 && g < c && g == MathF.Floor(g))
            {
                _total++;
                if (pred[i] == (long)g)
                {
                    _correct++;
                }
            }
            else
            {
                _skipped++;
            }
        }
    }

    public IReadOnlyList<MetricValue> Compute() =>
        [new MetricValue(Name, _total > 0 ? (double)_correct / _total : double.NaN, true)];
}
