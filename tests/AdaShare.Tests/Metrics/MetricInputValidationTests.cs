using AdaShare.Metrics;
using TorchSharp;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

/// <summary>
/// Bad input to a metric is an <see cref="ArgumentException"/> (or its null subclass) that names the shapes, never an
/// index or null-reference error from inside the loop. Assert.Throws matches the exact type, so a check that is
/// skipped and lets the code fail later with another exception fails these tests.
/// </summary>
public class MetricInputValidationTests
{
    [Fact]
    public void BlankMetricNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy(" "));
        Assert.Throws<ArgumentException>(() => new MaskedL1Metric(" "));
    }

    [Fact]
    public void NullTensorsAreArgumentNullErrors()
    {
        using var p4 = T([1, 2], 1, 1, 1, 2);
        using var t4 = T([1, 2], 1, 1, 1, 2);
        using var p2 = T([1, 0], 1, 2);
        using var t1 = T([0], 1);
        Assert.Equal("prediction", Assert.Throws<ArgumentNullException>(() => new DepthMetrics().Update(null!, t4)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => new DepthMetrics().Update(p4, null!)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => new MaskedL1Metric().Update(p4, null!)).ParamName);
        Assert.Equal("prediction", Assert.Throws<ArgumentNullException>(() => new ClassificationAccuracy().Update(null!, t1)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => new ClassificationAccuracy().Update(p2, null!)).ParamName);
    }

    [Fact]
    public void DenseShapeErrorsNameBothShapes()
    {
        using var p = T(new float[24], 2, 1, 3, 4);
        using var t = T(new float[30], 2, 1, 3, 5);
        var e = Assert.Throws<ArgumentException>(() => new DepthMetrics().Update(p, t));
        Assert.Contains("[2×1×3×4]", e.Message);
        Assert.Contains("[2×1×3×5]", e.Message);
    }

    [Fact]
    public void ADenseMetricNeedsBothTensorsFourDimensional()
    {
        // Batch and height agree (t3's dims 0 and 2), so only the dimension check stands between it and t3.shape[3].
        using var p = T(new float[6], 1, 1, 2, 3);
        using var t3 = T(new float[4], 1, 2, 2);
        Assert.Throws<ArgumentException>(() => new DepthMetrics().Update(p, t3));
        Assert.Throws<ArgumentException>(() => new DepthMetrics().Update(t3, p));
        using var t1 = T(new float[6], 6);
        using var p1 = T(new float[6], 6);
        // MaskedL1 reads the target's channel count: a 1-d target must still give the shape error.
        Assert.Throws<ArgumentException>(() => new MaskedL1Metric().Update(p1, t1));
    }

    [Fact]
    public void WrongChannelCountsAreRejected()
    {
        using var p2 = T(new float[4], 1, 2, 1, 2);
        using var t1 = T([1, 1], 1, 1, 1, 2);
        Assert.Throws<ArgumentException>(() => new DepthMetrics().Update(p2, t1));
        using var t3 = T(new float[6], 1, 3, 1, 2);
        Assert.Throws<ArgumentException>(() => new NormalMetrics().Update(p2, t3));
    }

    [Fact]
    public void ClassificationAcceptsBxCAndBxCx1x1Only()
    {
        using var t2 = T([0, 1], 2);
        // B×C×2×1 and B×C×1 are not logits of one image each.
        using var p2x1 = T(new float[12], 2, 3, 2, 1);
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy().Update(p2x1, t2));
        using var p3d = T(new float[6], 2, 3, 1);
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy().Update(p3d, t2));
        using var scalar = torch.tensor(1f);
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy().Update(scalar, t2));
        // A target whose element count matches the batch but whose first dimension does not.
        using var p = T([1, 0, 0, 0, 1, 0], 2, 3);
        using var t1x2 = T([0, 1], 1, 2);
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy().Update(p, t1x2));
        // A 0-d target for a batch of one.
        using var p1 = T([1, 0, 0], 1, 3);
        using var t0 = torch.tensor(0f);
        Assert.Throws<ArgumentException>(() => new ClassificationAccuracy().Update(p1, t0));
    }

    [Fact]
    public void OneClassLogitsAreAccepted()
    {
        var m = new ClassificationAccuracy();
        using var p = T([0.3f, -2], 2, 1);
        using var t = T([0, 0], 2);
        m.Update(p, t);
        Assert.Equal(1.0, Get(m.Compute(), "top1"));
    }

    [Fact]
    public void SegmentationNeedsAtLeastOneClassAndOneIsEnough()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentationMetrics(0));
        var m = new SegmentationMetrics(1);
        using var p = T([0.5f, 0.5f], 1, 1, 1, 2);
        using var t = T([0, 255], 1, 1, 1, 2);
        m.Update(p, t);
        Assert.Equal(1, m.ValidPixels);
        Assert.Equal(1.0, Get(m.Compute(), "mIoU"));
    }

    [Fact]
    public void DepthRangeMustBeNonEmpty()
    {
        Assert.Throws<ArgumentException>(() => new DepthMetrics(minDepth: 1f, maxDepth: 1f));
        _ = new DepthMetrics(minDepth: 1f, maxDepth: 1.5f);
    }
}
