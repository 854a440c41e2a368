using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>
/// Surface normals. The prediction (B×3×H×W, any scale) is normalised per pixel; the ground truth (B×3×H×W unit
/// vectors, (0,0,0) where invalid) is valid where its norm exceeds 0.5 and is renormalised. Per valid pixel,
/// angle = degrees(acos(clamp(⟨p̂, ĝ⟩, −1, 1))); a zero prediction scores 90°. Pooled over the split:
/// <c>mean_angle</c>, <c>median_angle</c>, <c>rmse_angle</c> (degrees, lower is better) and <c>within_11.25</c>,
/// <c>within_22.5</c>, <c>within_30</c>, <c>within_45</c> (fraction of pixels with angle &lt; t, higher is better),
/// and <c>cosine</c>, the mean ⟨p̂, ĝ⟩ (Tiny-Taskonomy's normal score, higher is better).
/// </summary>
/// <remarks>
/// The median is exact over the stored per-pixel angles, which are kept as float32 (4 bytes per valid pixel; the
/// mean, RMSE and fractions are accumulated in double).
/// Official-compat "encoded space" mode: ground truth and normalised prediction are both PNG-encoded,
/// e = (n + 1)·127.5, and compared there, as the official NYUv2 evaluation compares its never-decoded ground truth
/// with an encoded prediction: a perfect prediction still scores 0°, other angles shrink to roughly 0.4–0.5 of the
/// true ones. Validity is the same as in the standard mode. All angle values are then named with
/// <see cref="MetricProtocol.CompatSuffix"/>.
/// </remarks>
public sealed class NormalMetrics : ITaskMetric
{
    public static readonly double[] Thresholds = [11.25, 22.5, 30, 45];
    private const int ChunkSize = 1 << 20;

    private readonly List<float[]> _chunks = [];
    private int _inLast = ChunkSize;
    private long _count;
    private double _sum, _sumSq, _sumCosine;
    private readonly long[] _within = new long[Thresholds.Length];

    public NormalMetrics(bool officialCompat = false)
    {
        OfficialCompat = officialCompat;
    }

    public bool OfficialCompat { get; }
    public string Protocol => MetricProtocol.Label(OfficialCompat);

    /// <summary>Valid pixels seen so far.</summary>
    public long ValidPixels => _count;

    public void Reset()
    {
        _chunks.Clear();
        _inLast = ChunkSize;
        _count = 0;
        _sum = _sumSq = _sumCosine = 0;
        Array.Clear(_within);
    }

    public void Update(torch.Tensor prediction, torch.Tensor target)
    {
        MetricTensors.CheckDense(nameof(NormalMetrics), prediction, target, 3, 3);
        using var scope = torch.NewDisposeScope();
        float[] pred = MetricTensors.ToFloatArray(prediction);
        float[] gt = MetricTensors.ToFloatArray(target);
        long batch = target.shape[0];
        int plane = (int)(target.shape[2] * target.shape[3]);
        for (long b = 0; b < batch; b++)
        {
            int bo = (int)(b * 3 * plane);
            for (int i = 0; i < plane; i++)
            {
                int i0 = bo + i, i1 = i0 + plane, i2 = i1 + plane;
                double gx = gt[i0], gy = gt[i1], gz = gt[i2];
                double gn = Math.Sqrt(gx * gx + gy * gy + gz * gz);
                if (!(gn > 0.5))
                {
                    continue;
                }
                double px = pred[i0], py = pred[i1], pz = pred[i2];
                double pn = Math.Sqrt(px * px + py * py + pz * pz);
                if (OfficialCompat)
                {
                    (gx, gy, gz, gn) = Encode(gx / gn, gy / gn, gz / gn);
                    if (pn > 0)
                        (px, py, pz, pn) = Encode(px / pn, py / pn, pz / pn);
                }
                double dot = pn > 0 ? (px * gx + py * gy + pz * gz) / (pn * gn) : 0.0;
                _sumCosine += Math.Clamp(dot, -1.0, 1.0);
                Add(Angle(dot));
            }
        }
    }

    /// <summary>The PNG encoding e = (n + 1)·127.5 of a unit normal, and its length.</summary>
    private static (double X, double Y, double Z, double Norm) Encode(double x, double y, double z)
    {
        double ex = (x + 1) * 127.5, ey = (y + 1) * 127.5, ez = (z + 1) * 127.5;
        return (ex, ey, ez, Math.Sqrt(ex * ex + ey * ey + ez * ez));
    }

    /// <summary>degrees(acos(clamp(dot, −1, 1))).</summary>
    public static double Angle(double dot) => Math.Acos(Math.Clamp(dot, -1.0, 1.0)) * (180.0 / Math.PI);

    private void Add(double angle)
    {
        _count++;
        _sum += angle;
        _sumSq += angle * angle;
        for (int k = 0; k < Thresholds.Length; k++)
        {
            if (angle < Thresholds[k])
            {
                _within[k]++;
            }
        }
        if (_inLast == ChunkSize)
        {
            _chunks.Add(new float[ChunkSize]);
            _inLast = 0;
        }
        // A NaN angle (non-finite prediction) makes mean and RMSE NaN and sorts last for the median.
        _chunks[^1][_inLast++] = double.IsNaN(angle) ? float.PositiveInfinity : (float)angle;
    }

    public IReadOnlyList<MetricValue> Compute()
    {
        bool c = OfficialCompat;
        double n = _count;
        var values = new List<MetricValue>
        {
            new(MetricProtocol.Name("mean_angle", c), _count > 0 ? _sum / n : double.NaN, false),
            new(MetricProtocol.Name("median_angle", c), _count > 0 ? Median() : double.NaN, false),
            new(MetricProtocol.Name("rmse_angle", c), _count > 0 ? Math.Sqrt(_sumSq / n) : double.NaN, false),
        };
        for (int k = 0; k < Thresholds.Length; k++)
        {
            string name = "within_" + Thresholds[k].ToString(System.Globalization.CultureInfo.InvariantCulture);
            values.Add(new(MetricProtocol.Name(name, c), _count > 0 ? _within[k] / n : double.NaN, true));
        }
        values.Add(new(MetricProtocol.Name("cosine", c), _count > 0 ? _sumCosine / n : double.NaN, true));
        return values;
    }

    /// <summary>Exact median of the stored angles (mean of the two middle ones for an even count).</summary>
    private double Median()
    {
        if (_count > Array.MaxLength)
        {
            throw new InvalidOperationException($"NormalMetrics: {_count} angles exceed one array; split the evaluation.");
        }
        var all = new float[_count];
        int offset = 0;
        foreach (var chunk in _chunks)
        {
            int len = (int)Math.Min(chunk.Length, _count - offset);
            Array.Copy(chunk, 0, all, offset, len);
            offset += len;
        }
        int n = all.Length;
        int hi = n / 2;
        double upper = Selection.Select(all, hi);
        if (n % 2 == 1)
        {
            return upper;
        }
        // After selecting index hi, every element left of hi is ≤ all[hi]: the lower middle is their maximum.
        float lower = float.NegativeInfinity;
        for (int i = 0; i < hi; i++)
        {
            lower = Math.Max(lower, all[i]);
        }
        return 0.5 * ((double)lower + upper);
    }
}

/// <summary>In-place exact k-th smallest selection (Hoare partition quickselect with median-of-three pivots).</summary>
internal static class Selection
{
    public static float Select(float[] a, int k)
    {
        if ((uint)k >= (uint)a.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(k));
        }
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            int mid = lo + (hi - lo) / 2;
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            float pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] ≤ pivot ≤ a[i..hi] and every element strictly between j and i equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }
}
