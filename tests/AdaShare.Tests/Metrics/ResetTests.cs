using AdaShare.Metrics;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

/// <summary>
/// Reset forgets everything: an evaluator reuses one metric per split, so a value that survives Reset would leak the
/// previous split into the next. Each metric sees batch A, is reset, sees batch B, and must equal a fresh metric on B.
/// </summary>
public class ResetTests
{
    private static void AssertResetForgets(Func<ITaskMetric> create, Func<(Batch A, Batch B)> batches)
    {
        var (a, b) = batches();
        var reused = create();
        reused.Update(a.Prediction, a.Target);
        reused.Reset();
        reused.Update(b.Prediction, b.Target);
        var fresh = create();
        fresh.Update(b.Prediction, b.Target);
        var expected = fresh.Compute();
        var actual = reused.Compute();
        Assert.Equal(expected.Select(v => v.Name), actual.Select(v => v.Name));
        for (int i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Value, actual[i].Value, 12);
        reused.Reset();
        Assert.All(reused.Compute(), v => Assert.True(double.IsNaN(v.Value), $"{v.Name} after Reset is {v.Value}, not NaN"));
    }

    public sealed record Batch(TorchSharp.torch.Tensor Prediction, TorchSharp.torch.Tensor Target);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DepthMetricsResetForgetsEverySum(bool compat) => AssertResetForgets(() => new DepthMetrics(compat), () => (
        new Batch(T([1, 9, 3, 0.5f], 2, 1, 1, 2), T([2, 1, 3, 4], 2, 1, 1, 2)),
        new Batch(T([1.1f, 2], 1, 1, 1, 2), T([1, 2.4f], 1, 1, 1, 2))));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NormalMetricsResetForgetsEveryAngle(bool compat) => AssertResetForgets(() => new NormalMetrics(compat), () => (
        new Batch(T([0, 0, 1, 1, 0, 0], 1, 3, 1, 2), T([0, 1, 0, 1, 0, 0], 1, 3, 1, 2)),
        new Batch(T([0, 1, 1, 1, 0, 0], 1, 3, 1, 2), T([0, 0, 1, 1, 0, 0], 1, 3, 1, 2))));

    [Fact]
    public void MaskedL1ResetForgetsSumAndCount() => AssertResetForgets(() => new MaskedL1Metric(), () => (
        new Batch(T([5, 0], 1, 1, 1, 2), T([0, 0], 1, 1, 1, 2)),
        new Batch(T([1, 2, 3], 1, 1, 1, 3), T([1.5f, 255, 2], 1, 1, 1, 3))));

    [Fact]
    public void Top1ResetForgetsCorrectTotalAndSkipped()
    {
        AssertResetForgets(() => new ClassificationAccuracy(), () => (
            new Batch(T([1, 0, 1, 0], 2, 2), T([0, 0], 2)),
            new Batch(T([1, 0, 0, 1, 0, 1], 3, 2), T([0, 0, 255], 3))));
        var m = new ClassificationAccuracy();
        using (var p = T([1, 0], 1, 2))
        using (var t = T([7], 1))
            m.Update(p, t);
        m.Reset();
        Assert.Equal(0, m.Skipped);
        Assert.Equal(0, m.Total);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SegmentationMetricsResetForgetsTheConfusionMatrix(bool compat) => AssertResetForgets(() => new SegmentationMetrics(2, compat), () => (
        new Batch(OneHotLogits([0, 1, 1, 0], 1, 2, 2, 2), T([0, -1, 1, 1], 1, 1, 2, 2)),
        new Batch(OneHotLogits([1, 1, 0, 0], 1, 2, 2, 2), T([1, 0, 0, 255], 1, 1, 2, 2))));
}
