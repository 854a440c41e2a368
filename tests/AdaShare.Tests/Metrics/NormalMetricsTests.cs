using AdaShare.Metrics;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

public class NormalMetricsTests
{
    private static readonly float S40 = (float)Math.Sin(40 * Math.PI / 180), C40 = (float)Math.Cos(40 * Math.PI / 180);

    // Four pixels (1×3×1×4, channel planes x, y, z). gt: +z, +z, +z, zero (invalid).
    // prediction: (0,0,5) → 0°, (sin40, 0, cos40)·2 → 40°, (0,1,0) → 90°, anything on the invalid pixel.
    private static (float[] Pred, float[] Gt) HandCase() => (
        [0, 2 * S40, 0, 7, /* y */ 0, 0, 1, 7, /* z */ 5, 2 * C40, 0, 7],
        [0, 0, 0, 0, /* y */ 0, 0, 0, 0, /* z */ 1, 1, 1, 0]);

    [Fact]
    public void HandCaseWithZeroNormal()
    {
        var (p, g) = HandCase();
        using var pred = T(p, 1, 3, 1, 4);
        using var gt = T(g, 1, 3, 1, 4);
        var m = new NormalMetrics();
        m.Update(pred, gt);
        var r = m.Compute();
        Assert.Equal(3, m.ValidPixels);
        Assert.Equal(130.0 / 3, Get(r, "mean_angle"), 4);
        Assert.Equal(40.0, Get(r, "median_angle"), 4);
        Assert.Equal(Math.Sqrt((1600.0 + 8100) / 3), Get(r, "rmse_angle"), 4);
        Assert.Equal(1.0 / 3, Get(r, "within_11.25"), 12);
        Assert.Equal(1.0 / 3, Get(r, "within_22.5"), 12);
        Assert.Equal(1.0 / 3, Get(r, "within_30"), 12);
        Assert.Equal(2.0 / 3, Get(r, "within_45"), 12);
        Assert.False(r.Single(v => v.Name == "median_angle").HigherIsBetter);
        Assert.True(r.Single(v => v.Name == "within_30").HigherIsBetter);
        Assert.Equal((1 + Math.Cos(40 * Math.PI / 180) + 0) / 3, Get(r, "cosine"), 5);
        Assert.True(r.Single(v => v.Name == "cosine").HigherIsBetter);
        Assert.Equal(8, r.Count);
    }

    [Fact]
    public void EvenCountMedianAveragesTheMiddlePairAndZeroPredictionScoresNinetyDegrees()
    {
        var (p, g) = HandCase();
        p[3] = 0; p[7] = 0; p[11] = 0;   // zero prediction on pixel 3 ...
        g[11] = 1;                       // ... which now has a valid gt (+z): angle 90°
        using var pred = T(p, 1, 3, 1, 4);
        using var gt = T(g, 1, 3, 1, 4);
        var m = new NormalMetrics();
        m.Update(pred, gt);
        var r = m.Compute();
        Assert.Equal((40.0 + 90) / 2, Get(r, "median_angle"), 4);
        Assert.Equal(220.0 / 4, Get(r, "mean_angle"), 4);
    }

    [Fact]
    public void OfficialCompatEvaluatesInEncodedSpace()
    {
        // Both sides encoded as (n + 1)·127.5: a perfect prediction (at any scale) is 0°.
        using var pred = T([0, 0, 3], 1, 3, 1, 1);
        using var gt = T([0, 0, 1], 1, 3, 1, 1);
        var m = new NormalMetrics(officialCompat: true);
        m.Update(pred, gt);
        var r = m.Compute();
        Assert.Equal(0.0, Get(r, "mean_angle" + MetricProtocol.CompatSuffix), 4);
        Assert.Equal(1.0, Get(r, "within_11.25" + MetricProtocol.CompatSuffix));
        Assert.All(r, v => Assert.EndsWith(MetricProtocol.CompatSuffix, v.Name));
        Assert.Equal(MetricProtocol.OfficialCompat, m.Protocol);
    }

    [Fact]
    public void OfficialCompatShrinksAKnownAngle()
    {
        // gt +z → (127.5, 127.5, 255); prediction tilted 30° towards +x → 127.5·(1.5, 1, 1 + cos 30°).
        // By hand: cos = (1.5 + 1 + 2(1 + cos 30°)) / (√6 · √(1.5² + 1 + (1 + cos 30°)²)) → 11.311°, 0.38 of the true 30°.
        double t = 30 * Math.PI / 180;
        using var pred = T([(float)Math.Sin(t), 0, (float)Math.Cos(t)], 1, 3, 1, 1);
        using var gt = T([0, 0, 1], 1, 3, 1, 1);
        var compat = new NormalMetrics(officialCompat: true);
        var standard = new NormalMetrics();
        compat.Update(pred, gt);
        standard.Update(pred, gt);
        double c = 1 + Math.Cos(t);
        double expected = Math.Acos((1.5 + 1 + 2 * c) / (Math.Sqrt(6) * Math.Sqrt(2.25 + 1 + c * c))) * 180 / Math.PI;
        Assert.Equal(11.311, expected, 3);
        Assert.Equal(expected, Get(compat.Compute(), "mean_angle" + MetricProtocol.CompatSuffix), 3);
        Assert.Equal(30.0, Get(standard.Compute(), "mean_angle"), 3);
    }

    [Fact]
    public void SelectionFindsTheKthSmallest()
    {
        var rng = new Random(5);
        foreach (int n in new[] { 1, 2, 3, 10, 101, 1000 })
        {
            var a = new float[n];
            for (int i = 0; i < n; i++) a[i] = rng.Next(n / 2 + 1); // many duplicates
            var sorted = a.OrderBy(x => x).ToArray();
            for (int k = 0; k < n; k += Math.Max(1, n / 7))
            {
                var copy = (float[])a.Clone();
                Assert.Equal(sorted[k], Selection.Select(copy, k));
                Assert.All(copy.Take(k), x => Assert.True(x <= sorted[k]));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesBruteForceReferenceOverSeveralBatches(bool compat)
    {
        const int H = 6, W = 7, P = H * W;
        var rng = new Random(2024);
        var m = new NormalMetrics(compat);
        var angles = new List<double>();
        var perBatchMean = new List<double>();
        foreach (int b in new[] { 2, 3, 1 })
        {
            float[] p = Uniform(rng, b * 3 * P, -1, 1);
            var g = new float[b * 3 * P];
            for (int n = 0; n < b; n++)
            {
                for (int i = 0; i < P; i++)
                {
                    // Ground truth near +z (as real normals mostly face the camera) and 1 in 5 invalid (zero).
                    if (rng.Next(5) == 0) continue;
                    double x = rng.NextDouble() - 0.5, y = rng.NextDouble() - 0.5, z = rng.NextDouble() + 0.2;
                    double len = Math.Sqrt(x * x + y * y + z * z);
                    g[(n * 3 + 0) * P + i] = (float)(x / len);
                    g[(n * 3 + 1) * P + i] = (float)(y / len);
                    g[(n * 3 + 2) * P + i] = (float)(z / len);
                }
            }
            var batch = new List<double>();
            for (int n = 0; n < b; n++)
            {
                for (int i = 0; i < P; i++)
                {
                    var gv = new double[3];
                    var pv = new double[3];
                    for (int c = 0; c < 3; c++)
                    {
                        gv[c] = g[(n * 3 + c) * P + i];
                        pv[c] = p[(n * 3 + c) * P + i];
                    }
                    if (Math.Sqrt(gv.Sum(v => v * v)) <= 0.5) continue;
                    if (compat)
                    {
                        double gl = Math.Sqrt(gv.Sum(v => v * v)), pl = Math.Sqrt(pv.Sum(v => v * v));
                        gv = gv.Select(v => (v / gl + 1) * 127.5).ToArray();
                        if (pl > 0) pv = pv.Select(v => (v / pl + 1) * 127.5).ToArray();
                    }
                    double gn = Math.Sqrt(gv.Sum(v => v * v)), pn = Math.Sqrt(pv.Sum(v => v * v));
                    double dot = (pv[0] * gv[0] + pv[1] * gv[1] + pv[2] * gv[2]) / (pn * gn);
                    double angle = Math.Acos(Math.Max(-1, Math.Min(1, dot))) * 180 / Math.PI;
                    angles.Add(angle);
                    batch.Add(angle);
                }
            }
            perBatchMean.Add(batch.Average());
            using var pt = T(p, b, 3, H, W);
            using var gtT = T(g, b, 3, H, W);
            m.Update(pt, gtT);
        }
        // The median is exact over the float32-stored angles (documented), so the reference rounds the same way.
        var sortedF = angles.Select(a => (double)(float)a).OrderBy(a => a).ToArray();
        int cnt = sortedF.Length;
        double median = cnt % 2 == 1 ? sortedF[cnt / 2] : 0.5 * (sortedF[cnt / 2 - 1] + sortedF[cnt / 2]);
        var r = m.Compute();
        string s = compat ? MetricProtocol.CompatSuffix : "";
        Assert.Equal(cnt, m.ValidPixels);
        Assert.Equal(angles.Average(), Get(r, "mean_angle" + s), 1e-6);
        Assert.Equal(median, Get(r, "median_angle" + s), 1e-6);
        Assert.Equal(Math.Sqrt(angles.Average(a => a * a)), Get(r, "rmse_angle" + s), 1e-6);
        foreach (var (t, name) in new[] { (11.25, "within_11.25"), (22.5, "within_22.5"), (30.0, "within_30"), (45.0, "within_45") })
        {
            Assert.Equal(angles.Count(a => a < t) / (double)cnt, Get(r, name + s), 1e-12);
        }
        Assert.True(Math.Abs(perBatchMean.Average() - angles.Average()) > 1e-4);
        // Pure double median differs from the float32-stored one by at most float rounding.
        var sortedD = angles.OrderBy(a => a).ToArray();
        double medianD = cnt % 2 == 1 ? sortedD[cnt / 2] : 0.5 * (sortedD[cnt / 2 - 1] + sortedD[cnt / 2]);
        Assert.Equal(medianD, Get(r, "median_angle" + s), 1e-4);
    }
}
