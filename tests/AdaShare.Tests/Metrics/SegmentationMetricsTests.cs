using AdaShare.Metrics;
using TorchSharp;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

public class SegmentationMetricsTests
{
    // One 2×3 image, 3 classes. gt: 0 0 1 / 2 255 −1; prediction: 0 1 1 / 1 2 0.
    // Valid pixels (gt in 0..2): (g0,p0) (g0,p1) (g1,p1) (g2,p1).
    // class 0: TP 1, FP 0, FN 1 → 1/2; class 1: TP 1, FP 2, FN 0 → 1/3; class 2: TP 0, FP 0, FN 1 → 0.
    private static (torch.Tensor Pred, torch.Tensor Gt) HandCase(int numClasses)
    {
        var pred = OneHotLogits([0, 1, 1, 1, 2, 0], 1, numClasses, 2, 3);
        var gt = T([0, 0, 1, 2, 255, -1], 1, 1, 2, 3);
        return (pred, gt);
    }

    [Fact]
    public void HandCaseStandard()
    {
        var (pred, gt) = HandCase(3);
        using (pred) using (gt)
        {
            var m = new SegmentationMetrics(3);
            m.Update(pred, gt);
            var r = m.Compute();
            Assert.Equal((0.5 + 1.0 / 3 + 0) / 3, Get(r, "mIoU"), 12);
            Assert.Equal(2.0 / 4, Get(r, "pixel_acc"), 12);
            Assert.Equal(4, m.ValidPixels);
            var cm = m.ConfusionMatrix;
            Assert.Equal(1, cm[0, 0]);
            Assert.Equal(1, cm[0, 1]);
            Assert.Equal(1, cm[1, 1]);
            Assert.Equal(1, cm[2, 1]);
            Assert.Equal(0, cm[2, 2]);
            Assert.Equal([0.5, 1.0 / 3, 0.0], m.ClassIoU);
            // One-hot logits (1 at the predicted class, 0 elsewhere): −log softmax is log(e + 2) − 1 at a correct pixel and
            // log(e + 2) at a wrong one; two of each among the four valid pixels.
            Assert.Equal(Math.Log(Math.E + 2) - 0.5, Get(r, "seg_err"), 6);
            Assert.True(r.Where(v => v.Name != "seg_err").All(v => v.HigherIsBetter));
            Assert.False(r.Single(v => v.Name == "seg_err").HigherIsBetter);
            Assert.Equal(MetricProtocol.Standard, m.Protocol);
        }
    }

    [Fact]
    public void HandCaseOfficialCompatAveragesOnlyClassesWithTruePositivesAndCountsMinusOneWrong()
    {
        var (pred, gt) = HandCase(3);
        using (pred) using (gt)
        {
            var m = new SegmentationMetrics(3, officialCompat: true);
            m.Update(pred, gt);
            var r = m.Compute();
            Assert.Equal((0.5 + 1.0 / 3) / 2, Get(r, "mIoU" + MetricProtocol.CompatSuffix), 12);
            Assert.Equal(2.0 / 5, Get(r, "pixel_acc" + MetricProtocol.CompatSuffix), 12);
            Assert.DoesNotContain(r, v => v.Name == "mIoU");
            Assert.Equal(MetricProtocol.OfficialCompat, m.Protocol);
        }
    }

    [Fact]
    public void ClassAbsentFromGroundTruthAndPredictionIsLeftOutOfTheMean()
    {
        var (pred, gt) = HandCase(5); // classes 3 and 4 never occur
        using (pred) using (gt)
        {
            var m = new SegmentationMetrics(5);
            m.Update(pred, gt);
            Assert.Equal((0.5 + 1.0 / 3 + 0) / 3, Get(m.Compute(), "mIoU"), 12);
            Assert.True(double.IsNaN(m.ClassIoU[3]));
            Assert.True(double.IsNaN(m.ClassIoU[4]));
        }
    }

    [Fact]
    public void OutOfRangeAndNonIntegralLabelsAreIgnored()
    {
        using var pred = OneHotLogits([0, 1, 1, 0], 1, 2, 2, 2);
        using var gt = T([0, 7, 1.5f, -3], 1, 1, 2, 2);
        var m = new SegmentationMetrics(2);
        m.Update(pred, gt);
        Assert.Equal(1, m.ValidPixels);
        Assert.Equal(1.0, Get(m.Compute(), "pixel_acc"), 12);
        Assert.Equal(1.0, Get(m.Compute(), "mIoU"), 12);
    }

    [Fact]
    public void NoValidPixelsGivesNaNAndResetClears()
    {
        var (pred, gt) = HandCase(3);
        using (pred) using (gt)
        {
            var m = new SegmentationMetrics(3);
            Assert.True(double.IsNaN(Get(m.Compute(), "mIoU")));
            m.Update(pred, gt);
            m.Reset();
            Assert.Equal(0, m.ValidPixels);
            Assert.True(double.IsNaN(Get(m.Compute(), "pixel_acc")));
        }
    }

    [Fact]
    public void ShapeMismatchesThrow()
    {
        var m = new SegmentationMetrics(3);
        using var pred = torch.zeros(2, 3, 4, 4);
        using var gtWrongSize = torch.zeros(2, 1, 4, 5);
        using var gtWrongBatch = torch.zeros(1, 1, 4, 4);
        using var predWrongClasses = torch.zeros(2, 4, 4, 4);
        using var gt = torch.zeros(2, 1, 4, 4);
        Assert.Throws<ArgumentException>(() => m.Update(pred, gtWrongSize));
        Assert.Throws<ArgumentException>(() => m.Update(pred, gtWrongBatch));
        Assert.Throws<ArgumentException>(() => m.Update(predWrongClasses, gt));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesBruteForceReferenceOverSeveralBatches(bool compat)
    {
        const int C = 5, H = 7, W = 6;
        var rng = new Random(1234);
        var cm = new long[C, C];
        long minusOne = 0;
        var m = new SegmentationMetrics(C, compat);
        var perBatchMiou = new List<double>();
        foreach (int b in new[] { 2, 1, 3 })
        {
            float[] logits = Uniform(rng, b * C * H * W, -3, 3);
            var gt = new float[b * H * W];
            for (int i = 0; i < gt.Length; i++)
            {
                int r = rng.Next(C + 3);
                // Class 4 is rare on purpose, so batches differ in which classes are present.
                gt[i] = r < C - 1 ? r : r == C - 1 ? (rng.Next(4) == 0 ? 4 : 0) : r == C ? 255 : r == C + 1 ? -1 : 2;
            }
            var batchCm = new long[C, C];
            for (int n = 0; n < b; n++)
            {
                for (int p = 0; p < H * W; p++)
                {
                    int best = 0;
                    for (int c = 1; c < C; c++)
                    {
                        if (logits[(n * C + c) * H * W + p] > logits[(n * C + best) * H * W + p]) best = c;
                    }
                    float g = gt[n * H * W + p];
                    if (g >= 0 && g < C)
                    {
                        cm[(int)g, best]++;
                        batchCm[(int)g, best]++;
                    }
                    else if (g == -1) minusOne++;
                }
            }
            perBatchMiou.Add(RefScores(batchCm, C, compat, 0).MIoU);
            using var pred = T(logits, b, C, H, W);
            using var target = T(gt, b, 1, H, W);
            m.Update(pred, target);
        }
        var (miou, acc) = RefScores(cm, C, compat, compat ? minusOne : 0);
        var result = m.Compute();
        string suffix = compat ? MetricProtocol.CompatSuffix : "";
        Assert.Equal(miou, Get(result, "mIoU" + suffix), 1e-9);
        Assert.Equal(acc, Get(result, "pixel_acc" + suffix), 1e-9);
        // The data make split-level pooling and the mean of per-batch values differ, so the test is discriminating.
        Assert.True(Math.Abs(perBatchMiou.Average() - miou) > 1e-4);
        for (int g = 0; g < C; g++)
        {
            for (int p = 0; p < C; p++)
            {
                Assert.Equal(cm[g, p], m.ConfusionMatrix[g, p]);
            }
        }
    }

    private static (double MIoU, double Acc) RefScores(long[,] cm, int c, bool compat, long extraWrong)
    {
        double sum = 0;
        int n = 0;
        long correct = 0, total = 0;
        for (int k = 0; k < c; k++)
        {
            long tp = cm[k, k], fp = 0, fn = 0;
            for (int j = 0; j < c; j++)
            {
                total += cm[k, j];
                if (j == k) continue;
                fp += cm[j, k];
                fn += cm[k, j];
            }
            correct += tp;
            if (compat ? tp > 0 : tp + fp + fn > 0)
            {
                sum += (double)tp / (tp + fp + fn);
                n++;
            }
        }
        return (sum / n, (double)correct / (total + extraWrong));
    }
}
