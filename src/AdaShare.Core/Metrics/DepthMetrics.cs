using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>
/// Depth on valid pixels (minDepth &lt; gt &lt; maxDepth; by default gt &gt; 0), pooled over every valid pixel of the
/// split: <c>abs_err</c> = mean |p − g|, <c>rel_err</c> = mean |p − g| / g (lower is better); <c>delta1..3</c> =
/// fraction of valid pixels with max(p/g, g/p) &lt; 1.25^k (higher is better). A prediction p ≤ 0 fails every δ.
/// </summary>
/// <remarks>
/// Official-compat mode: abs and rel errors are averaged per image (mean over images that have at least one valid
/// pixel of each image's mean), as the official code does with batch 1 at test; they are named
/// <c>abs_err (official-compat)</c>, <c>rel_err (official-compat)</c>. The δ values are pooled in both modes.
/// </remarks>
public sealed class DepthMetrics : ITaskMetric
{
    private long _count;
    private double _absSum, _relSum;
    private readonly long[] _deltaHits = new long[3];
    private long _images;
    private double _imageAbsSum, _imageRelSum;

    public DepthMetrics(bool officialCompat = false, float minDepth = 0f, float maxDepth = float.PositiveInfinity)
    {
        if (!(maxDepth > minDepth))
        {
            throw new ArgumentException($"maxDepth ({maxDepth}) must exceed minDepth ({minDepth}).");
        }
        OfficialCompat = officialCompat;
        MinDepth = minDepth;
        MaxDepth = maxDepth;
    }

    public bool OfficialCompat { get; }
    public float MinDepth { get; }
    public float MaxDepth { get; }
    public string Protocol => MetricProtocol.Label(OfficialCompat);

    /// <summary>Valid pixels seen so far.</summary>
    public long ValidPixels => _count;

    public void Reset()
    {
        _count = 0;
        _absSum = _relSum = 0;
        Array.Clear(_deltaHits);
        _images = 0;
        _imageAbsSum = _imageRelSum = 0;
    }

    public void Update(torch.Tensor prediction, torch.Tensor target)
    {
        MetricTensors.CheckDense(nameof(DepthMetrics), prediction, target, 1, 1);
        using var scope = torch.NewDisposeScope();
        float[] pred = MetricTensors.ToFloatArray(prediction);
        float[] gt = MetricTensors.ToFloatArray(target);
        long batch = target.shape[0];
        int per = (int)(gt.Length / Math.Max(batch, 1));
        double t1 = 1.25, t2 = 1.25 * 1.25, t3 = 1.25 * 1.25 * 1.25;
        for (long b = 0; b < batch; b++)
        {
            long n = 0;
            double abs = 0, rel = 0;
            int start = (int)(b * per);
            for (int i = start; i < start + per; i++)
            {
                double g = gt[i];
                if (!(g > MinDepth && g < MaxDepth))
                {
                    continue;
                }
                double p = pred[i];
                double e = Math.Abs(p - g);
                n++;
                abs += e;
                rel += e / g;
                if (p > 0)
                {
                    double r = Math.Max(p / g, g / p);
                    if (r < t1) _deltaHits[0]++;
                    if (r < t2) _deltaHits[1]++;
                    if (r < t3) _deltaHits[2]++;
                }
            }
            _count += n;
            _absSum += abs;
            _relSum += rel;
            if (n > 0)
            {
                _images++;
                _imageAbsSum += abs / n;
                _imageRelSum += rel / n;
            }
        }
    }

    public IReadOnlyList<MetricValue> Compute()
    {
        double absErr, relErr;
        if (OfficialCompat)
        {
            absErr = _images > 0 ? _imageAbsSum / _images : double.NaN;
            relErr = _images > 0 ? _imageRelSum / _images : double.NaN;
        }
        else
        {
            absErr = _count > 0 ? _absSum / _count : double.NaN;
            relErr = _count > 0 ? _relSum / _count : double.NaN;
        }
        double Frac(long hits) => _count > 0 ? (double)hits / _count : double.NaN;
        return
        [
            new MetricValue(MetricProtocol.Name("abs_err", OfficialCompat), absErr, false),
            new MetricValue(MetricProtocol.Name("rel_err", OfficialCompat), relErr, false),
            new MetricValue("delta1", Frac(_deltaHits[0]), true),
            new MetricValue("delta2", Frac(_deltaHits[1]), true),
            new MetricValue("delta3", Frac(_deltaHits[2]), true),
        ];
    }
}
