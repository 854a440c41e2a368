using AdaShare.Metrics;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

/// <summary>
/// Values that sit exactly on a definition's boundary (strict thresholds, the valid range's ends, a class id equal to
/// the class count), and every reported value's direction: a &lt; written as ≤, or a direction flipped, changes these.
/// </summary>
public class MetricBoundaryTests
{
    [Fact]
    public void DepthDeltasAreStrictlyBelowThePowersOf1Point25()
    {
        // r = p / g = 1.25, 1.25², 1.25³ exactly (all representable): δ_k counts r < 1.25^k only.
        var m = new DepthMetrics();
        using var p = T([1.25f, 1.5625f, 1.953125f], 1, 1, 1, 3);
        using var g = T([1, 1, 1], 1, 1, 1, 3);
        m.Update(p, g);
        var r = m.Compute();
        Assert.Equal(0.0, Get(r, "delta1"));
        Assert.Equal(1.0 / 3, Get(r, "delta2"), 12);
        Assert.Equal(2.0 / 3, Get(r, "delta3"), 12);
    }

    [Fact]
    public void ANegativeZeroPredictionFailsEveryDelta()
    {
        // −0 ≤ 0 fails every δ; read as a positive prediction, max(−0/g, g/−0) = −0 would pass them all.
        var m = new DepthMetrics();
        using var p = T([-0f], 1, 1, 1, 1);
        using var g = T([2], 1, 1, 1, 1);
        m.Update(p, g);
        var r = m.Compute();
        Assert.Equal(0.0, Get(r, "delta1"));
        Assert.Equal(0.0, Get(r, "delta3"));
        Assert.Equal(2.0, Get(r, "abs_err"));
    }

    [Fact]
    public void DepthAtExactlyMaxDepthIsInvalid()
    {
        var m = new DepthMetrics(maxDepth: 10f);
        using var p = T([10, 4], 1, 1, 1, 2);
        using var g = T([10, 5], 1, 1, 1, 2);
        m.Update(p, g);
        Assert.Equal(1, m.ValidPixels);
        Assert.Equal(1.0, Get(m.Compute(), "abs_err"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DepthDirections(bool compat)
    {
        var r = new DepthMetrics(compat).Compute();
        Assert.Equal([false, false, true, true, true], r.Select(v => v.HigherIsBetter));
    }

    [Fact]
    public void NormalDirections()
    {
        var r = new NormalMetrics().Compute();
        string[] lower = ["mean_angle", "median_angle", "rmse_angle"];
        Assert.All(r, v => Assert.Equal(!lower.Contains(v.Name), v.HigherIsBetter));
    }

    [Fact]
    public void AGroundTruthNormOfExactlyOneHalfIsInvalid()
    {
        var m = new NormalMetrics();
        using var p = T([0, 0, 0, 0, 1, 1], 1, 3, 1, 2);
        using var g = T([0, 0, 0, 0, 0.5f, 0.6f], 1, 3, 1, 2);
        m.Update(p, g);
        Assert.Equal(1, m.ValidPixels);
    }

    [Fact]
    public void AnAngleOfExactly45DegreesIsNotWithin45()
    {
        // p = (3, 0, 3), g = +z: ⟨p̂, ĝ⟩ = 3/√18, whose acos is 45° exactly in double (mean_angle proves it).
        var m = new NormalMetrics();
        using var p = T([3, 0, 3], 1, 3, 1, 1);
        using var g = T([0, 0, 1], 1, 3, 1, 1);
        m.Update(p, g);
        var r = m.Compute();
        Assert.Equal(45.0, Get(r, "mean_angle"));
        Assert.Equal(0.0, Get(r, "within_45"));
    }

    [Fact]
    public void CompatModeRenormalisesEveryGroundTruthComponent()
    {
        // Encoded-space mode normalises g before encoding: a ground truth of norm 0.7 scores as its unit vector.
        float[] unit = [2f / 3, 1f / 3, 2f / 3];
        float[] pred = [0.1f, 0.9f, -0.3f, 0.5f, 0.2f, 0.7f];
        double[] Run(float scale)
        {
            var m = new NormalMetrics(officialCompat: true);
            using var p = T(pred, 1, 3, 1, 2);
            using var g = T([unit[0] * scale, unit[0] * scale, unit[1] * scale, unit[1] * scale, unit[2] * scale, unit[2] * scale], 1, 3, 1, 2);
            m.Update(p, g);
            return m.Compute().Select(v => v.Value).ToArray();
        }
        var scaled = Run(0.7f);
        var reference = Run(1f);
        Assert.True(reference[0] > 1, "the case must have a non-trivial angle");
        for (int i = 0; i < reference.Length; i++)
            Assert.Equal(reference[i], scaled[i], 4);
    }

    [Fact]
    public void AClassIdEqualToTheClassCountIsSkipped()
    {
        // Logits argmax 2, 2 over 3 classes; targets 3 (out of range) and 2.
        var top1 = new ClassificationAccuracy();
        using var p = T([0, 0, 1, 0, 0, 1], 2, 3);
        using var t = T([3, 2], 2);
        top1.Update(p, t);
        Assert.Equal(1, top1.Total);
        Assert.Equal(1, top1.Skipped);
        Assert.Equal(1.0, Get(top1.Compute(), "top1"));

        var seg = new SegmentationMetrics(3);
        using var sp = OneHotLogits([2, 2], 1, 3, 1, 2);
        using var st = T([3, 2], 1, 1, 1, 2);
        seg.Update(sp, st);
        Assert.Equal(1, seg.ValidPixels);
        Assert.Equal(1.0, Get(seg.Compute(), "pixel_acc"));
    }
}
