using AdaShare.Metrics;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

public class MaskedL1AndClassificationTests
{
    [Fact]
    public void MaskedL1SkipsIgnorePixelsAndPoolsOverBatches()
    {
        var m = new MaskedL1Metric("edge_l1");
        using (var p1 = T([0.5f, 0.2f, 9, 0], 1, 1, 2, 2))
        using (var g1 = T([1, 0, 255, 0.25f], 1, 1, 2, 2))
        {
            m.Update(p1, g1); // |−0.5| + 0.2 + 0.25 over 3 pixels
        }
        using (var p2 = T([1], 1, 1, 1, 1))
        using (var g2 = T([0], 1, 1, 1, 1))
        {
            m.Update(p2, g2); // + 1 over 1 pixel
        }
        var r = m.Compute();
        Assert.Equal("edge_l1", r.Single().Name);
        Assert.False(r.Single().HigherIsBetter);
        Assert.Equal((0.5 + 0.2 + 0.25 + 1) / 4, r.Single().Value, 6);
        Assert.Equal(4, m.ValidPixels);
        Assert.Equal("l1_err", new MaskedL1Metric().Compute().Single().Name);
    }

    [Fact]
    public void MaskedL1RequiresMatchingChannels()
    {
        using var p = T(new float[8], 1, 2, 2, 2);
        using var g = T(new float[4], 1, 1, 2, 2);
        Assert.Throws<ArgumentException>(() => new MaskedL1Metric().Update(p, g));
    }

    [Fact]
    public void Top1AcceptsFlatAndOneByOneShapesAndSkipsIgnoreLabels()
    {
        var m = new ClassificationAccuracy();
        // Batch 1 (B×C): argmax 2, 0, 1; targets 2, 1, 255 → 1 correct of 2 counted.
        using (var p = T([0, 1, 5, /**/ 3, 1, 0, /**/ 0, 9, 1], 3, 3))
        using (var t = T([2, 1, 255], 3))
        {
            m.Update(p, t);
        }
        // Batch 2 (B×C×1×1 and B×1×1×1): argmax 1, 0; targets 1, 0 → 2 correct.
        using (var p = T([0, 1, 0, /**/ 4, 1, 0], 2, 3, 1, 1))
        using (var t = T([1, 0], 2, 1, 1, 1))
        {
            m.Update(p, t);
        }
        var r = m.Compute().Single();
        Assert.Equal("top1", r.Name);
        Assert.True(r.HigherIsBetter);
        Assert.Equal(3.0 / 4, r.Value, 12);
        Assert.Equal(1, m.Skipped);
        Assert.Equal(4, m.Total);
    }

    [Fact]
    public void Top1RejectsSpatialPredictions()
    {
        using var p = T(new float[12], 1, 3, 2, 2);
        using var t = T([0], 1);
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy().Update(p, t));
    }
}
