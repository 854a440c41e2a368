using AdaShare.Metrics;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

public class DepthMetricsTests
{
    [Fact]
    public void HandCaseWithInvalidPixel()
    {
        // p = 1 2 5 3, g = 1 4 0 2 → valid: pixels 0, 1, 3. |e| = 0 2 1, rel = 0 0.5 0.5, ratio = 1 2 1.5.
        using var pred = T([1, 2, 5, 3], 1, 1, 2, 2);
        using var gt = T([1, 4, 0, 2], 1, 1, 2, 2);
        var m = new DepthMetrics();
        m.Update(pred, gt);
        var r = m.Compute();
        Assert.Equal(3, m.ValidPixels);
        Assert.Equal(1.0, Get(r, "abs_err"), 12);
        Assert.Equal(1.0 / 3, Get(r, "rel_err"), 12);
        Assert.Equal(1.0 / 3, Get(r, "delta1"), 12);  // only ratio 1 < 1.25
        Assert.Equal(2.0 / 3, Get(r, "delta2"), 12);  // 1, 1.5 < 1.5625
        Assert.Equal(2.0 / 3, Get(r, "delta3"), 12);  // 2 ≥ 1.953125
        Assert.False(r.Single(v => v.Name == "abs_err").HigherIsBetter);
        Assert.False(r.Single(v => v.Name == "rel_err").HigherIsBetter);
        Assert.True(r.Single(v => v.Name == "delta1").HigherIsBetter);
    }

    [Fact]
    public void NonPositivePredictionFailsEveryDelta()
    {
        using var pred = T([0, -1], 1, 1, 1, 2);
        using var gt = T([1, 1], 1, 1, 1, 2);
        var m = new DepthMetrics();
        m.Update(pred, gt);
        var r = m.Compute();
        Assert.Equal(0.0, Get(r, "delta3"));
        Assert.Equal(1.5, Get(r, "abs_err"), 12);
    }

    [Fact]
    public void OfficialCompatAveragesErrorsPerImage()
    {
        // Image A: one valid pixel, error 1 (g = 2). Image B: three valid pixels, error 0.
        using var pred = T([3, 0, 0, 0, 1, 1, 1, 0], 2, 1, 2, 2);
        using var gt = T([2, 0, 0, 0, 1, 1, 1, 0], 2, 1, 2, 2);
        var standard = new DepthMetrics();
        var compat = new DepthMetrics(officialCompat: true);
        standard.Update(pred, gt);
        compat.Update(pred, gt);
        Assert.Equal(1.0 / 4, Get(standard.Compute(), "abs_err"), 12);
        Assert.Equal(0.5 / 4, Get(standard.Compute(), "rel_err"), 12);
        var rc = compat.Compute();
        Assert.Equal((1.0 + 0) / 2, Get(rc, "abs_err" + MetricProtocol.CompatSuffix), 12);
        Assert.Equal((0.5 + 0) / 2, Get(rc, "rel_err" + MetricProtocol.CompatSuffix), 12);
        Assert.Equal(Get(standard.Compute(), "delta1"), Get(rc, "delta1"), 12);
    }

    [Fact]
    public void DepthRangeRestrictsValidity()
    {
        using var pred = T([1, 1, 1], 1, 1, 1, 3);
        using var gt = T([0.5f, 1, 100], 1, 1, 1, 3);
        var m = new DepthMetrics(maxDepth: 10f);
        m.Update(pred, gt);
        Assert.Equal(2, m.ValidPixels);
        Assert.Equal(0.25, Get(m.Compute(), "abs_err"), 12);
        Assert.Throws<ArgumentException>(() => new DepthMetrics(minDepth: 5, maxDepth: 1));
    }

    [Fact]
    public void NoValidPixelsGivesNaN()
    {
        using var pred = T([1, 1], 1, 1, 1, 2);
        using var gt = T([0, 0], 1, 1, 1, 2);
        var m = new DepthMetrics();
        m.Update(pred, gt);
        Assert.All(m.Compute(), v => Assert.True(double.IsNaN(v.Value)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesBruteForceReferenceOverSeveralBatches(bool compat)
    {
        const int H = 9, W = 5;
        var rng = new Random(77);
        var m = new DepthMetrics(compat);
        long n = 0;
        double abs = 0, rel = 0, imgAbs = 0, imgRel = 0;
        long images = 0;
        var hits = new long[3];
        var perBatchAbs = new List<double>();
        foreach (int b in new[] { 3, 1, 2 })
        {
            float[] p = Uniform(rng, b * H * W, -0.2, 6);
            float[] g = Uniform(rng, b * H * W, 0.5, 5 + 3 * b);
            for (int i = 0; i < g.Length; i++)
            {
                if (rng.Next(4) == 0) g[i] = 0;
            }
            if (b > 1)
            {
                for (int k = 0; k < H * W; k++) g[k] = 0; // the first image of a multi-image batch has no valid pixel
            }
            double bAbs = 0;
            long bN = 0;
            for (int img = 0; img < b; img++)
            {
                double ia = 0, ir = 0;
                long inn = 0;
                for (int k = img * H * W; k < (img + 1) * H * W; k++)
                {
                    if (!(g[k] > 0)) continue;
                    double e = Math.Abs((double)p[k] - g[k]);
                    ia += e;
                    ir += e / g[k];
                    inn++;
                    double ratio = p[k] > 0 ? Math.Max((double)p[k] / g[k], (double)g[k] / p[k]) : double.PositiveInfinity;
                    for (int t = 0; t < 3; t++)
                    {
                        if (ratio < Math.Pow(1.25, t + 1)) hits[t]++;
                    }
                }
                abs += ia;
                rel += ir;
                n += inn;
                bAbs += ia;
                bN += inn;
                if (inn > 0)
                {
                    images++;
                    imgAbs += ia / inn;
                    imgRel += ir / inn;
                }
            }
            perBatchAbs.Add(bAbs / bN);
            using var pt = T(p, b, 1, H, W);
            using var gtT = T(g, b, 1, H, W);
            m.Update(pt, gtT);
        }
        var r = m.Compute();
        string s = compat ? MetricProtocol.CompatSuffix : "";
        Assert.Equal(compat ? imgAbs / images : abs / n, Get(r, "abs_err" + s), 1e-9);
        Assert.Equal(compat ? imgRel / images : rel / n, Get(r, "rel_err" + s), 1e-9);
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal((double)hits[t] / n, Get(r, $"delta{t + 1}"), 1e-12);
        }
        Assert.True(Math.Abs(perBatchAbs.Average() - abs / n) > 1e-4);
        Assert.True(Math.Abs(imgAbs / images - abs / n) > 1e-4);
    }
}
