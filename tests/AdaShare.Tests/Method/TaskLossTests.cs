using AdaShare.Tasks.Losses;
using static TorchSharp.torch;

namespace AdaShare.Tests.Method;

/// <summary>The task losses against hand-derived values: only valid pixels count, and no valid pixel means 0, not NaN.</summary>
[Trait("Category", "Focused")]
public class TaskLossTests
{
    [Fact]
    public void CrossEntropyAveragesOverValidPixelsOnly()
    {
        // 1 image, 2 classes, 1×4 pixels; labels 0, 1, ignore (255), out of range (7).
        using var logits = tensor(new float[] { 2, 0, 1, 5, /* class 1 */ 0, 0, 3, -1 }, new long[] { 1, 2, 1, 4 });
        using var target = tensor(new float[] { 0, 1, 255, 7 }, new long[] { 1, 1, 1, 4 });
        double Nll(double right, double other) => -(right - Math.Log(Math.Exp(right) + Math.Exp(other)));
        double expected = (Nll(2, 0) + Nll(0, 0)) / 2; // pixel 0: class 0 (2 vs 0); pixel 1: class 1 (0 vs 0)
        using var loss = TaskLosses.CrossEntropy(logits, target, ignore: 255);
        Assert.Equal(expected, loss.item<float>(), 5);
        using var negative = tensor(new float[] { 0, 1, -1, 255 }, new long[] { 1, 1, 1, 4 });
        using var lossNegative = TaskLosses.CrossEntropy(logits, negative, ignore: 255);
        Assert.Equal(expected, lossNegative.item<float>(), 5);
    }

    [Fact]
    public void CrossEntropyAcceptsImageLevelLabels()
    {
        using var logits = tensor(new float[] { 1, 0, 0, 2 }, new long[] { 2, 2 });
        using var target = tensor(new float[] { 0, 1 });
        double expected = (-(1 - Math.Log(Math.E + 1)) + -(2 - Math.Log(1 + Math.Exp(2)))) / 2;
        using var loss = TaskLosses.CrossEntropy(logits, target, ignore: -100);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void CrossEntropyWithoutValidPixelsIsZeroWithAGradient()
    {
        using var logits = randn(1, 3, 2, 2).requires_grad_();
        using var target = full(new long[] { 1, 1, 2, 2 }, 255f);
        using var loss = TaskLosses.CrossEntropy(logits, target, ignore: 255);
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
        Assert.NotNull(logits.grad);
    }

    [Fact]
    public void MaskedL1AveragesOverMaskedPixelsAndChannels()
    {
        // 2 channels, 1×3 pixels, the middle pixel masked out.
        using var prediction = tensor(new float[] { 1, 100, 3, /* ch 2 */ 0, 100, -2 }, new long[] { 1, 2, 1, 3 });
        using var target = tensor(new float[] { 2, 0, 1, /* ch 2 */ 0.5f, 0, 0 }, new long[] { 1, 2, 1, 3 });
        using var mask = tensor(new[] { true, false, true }, new long[] { 1, 1, 1, 3 });
        using var loss = TaskLosses.MaskedL1(prediction, target, mask);
        Assert.Equal((1 + 2 + 0.5 + 2) / 4.0, loss.item<float>(), 5);
        using var none = zeros_like(mask);
        using var empty = TaskLosses.MaskedL1(prediction, target, none);
        Assert.Equal(0f, empty.item<float>());
    }

    [Fact]
    public void CosineNormalComparesUnitPredictionsWithNonZeroGroundTruthOnly()
    {
        // 3 pixels: prediction (2,0,0) vs gt (1,0,0) → cos 1; (0,3,0) vs (0,0,1) → cos 0; gt (0,0,0) is invalid.
        using var prediction = tensor(new float[] { 2, 0, 5, /* y */ 0, 3, 5, /* z */ 0, 0, 5 }, new long[] { 1, 3, 1, 3 });
        using var target = tensor(new float[] { 1, 0, 0, /* y */ 0, 0, 0, /* z */ 0, 1, 0 }, new long[] { 1, 3, 1, 3 });
        using var loss = TaskLosses.CosineNormal(prediction, target);
        Assert.Equal(1 - (1 + 0) / 2.0, loss.item<float>(), 5);
        using var flipped = -prediction;
        using var lossOpposite = TaskLosses.CosineNormal(flipped, target); // cos −1 and 0
        Assert.Equal(1.5, lossOpposite.item<float>(), 5);
        using var noTarget = zeros_like(target);
        using var lossNone = TaskLosses.CosineNormal(prediction, noTarget);
        Assert.Equal(1f, lossNone.item<float>());
    }

    [Fact]
    public void ClassWeightsWeighTheMeanAsPyTorchDoes()
    {
        // Same pixels as above (labels 0, 1, ignore, out of range); weights 3 and 0.5: Σ w_y·l / Σ w_y over valid pixels.
        using var logits = tensor(new float[] { 2, 0, 1, 5, /* class 1 */ 0, 0, 3, -1 }, new long[] { 1, 2, 1, 4 });
        using var target = tensor(new float[] { 0, 1, 255, 7 }, new long[] { 1, 1, 1, 4 });
        double Nll(double right, double other) => -(right - Math.Log(Math.Exp(right) + Math.Exp(other)));
        double expected = (3 * Nll(2, 0) + 0.5 * Nll(0, 0)) / 3.5;
        using var loss = TaskLosses.CrossEntropy(logits, target, ignore: 255, classWeights: new[] { 3f, 0.5f });
        Assert.Equal(expected, loss.item<float>(), 5);
        // A zero weight: that class's pixels drop out of both sums.
        using var zero = TaskLosses.CrossEntropy(logits, target, ignore: 255, classWeights: new[] { 0f, 2f });
        Assert.Equal(Nll(0, 0), zero.item<float>(), 5);
    }

    [Fact]
    public void ABatchWhoseValidPixelsAllWeighZeroGivesZeroNotNaN()
    {
        using var logits = tensor(new float[] { 2, 0, /* class 1 */ 0, 1 }, new long[] { 1, 2, 1, 2 }).requires_grad_();
        using var target = tensor(new float[] { 0, 255 }, new long[] { 1, 1, 1, 2 });
        using var loss = TaskLosses.CrossEntropy(logits, target, ignore: 255, classWeights: new[] { 0f, 1f });
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
        Assert.NotNull(logits.grad);
    }

    [Fact]
    public void AClassWeightCountOtherThanTheClassCountIsRejected()
    {
        using var logits = zeros(1, 2, 1, 2);
        using var target = zeros(1, 1, 1, 2);
        var e = Assert.Throws<ArgumentException>(() => TaskLosses.CrossEntropy(logits, target, classWeights: new[] { 1f, 1f, 1f }));
        Assert.Contains("3 class weights for 2 classes", e.Message);
    }

    [Fact]
    public void ClassWeightsThatAreAllZeroGiveZeroNotNaN()
    {
        using var logits = tensor(new float[] { 2, 0, 0, 1 }, new long[] { 1, 2, 1, 2 });
        using var target = tensor(new float[] { 0, 1 }, new long[] { 1, 1, 1, 2 });
        using var loss = TaskLosses.CrossEntropy(logits, target, ignore: 255, classWeights: new float[] { 0, 0 });
        Assert.Equal(0f, loss.item<float>());
    }

    [Fact]
    public void CosineNormalAveragesOverTheValidPixelsOfTheWholeBatch()
    {
        // Two images of one pixel each plus an invalid one: image 0 predicts the ground truth (cos 1), image 1 is
        // orthogonal to it (cos 0), the zero ground-truth pixel is left out: 1 − (1 + 0)/2 = 0.5.
        using var prediction = tensor(new float[] { 0, 5, /**/ 0, 0, /**/ 1, 0,   0, 0, /**/ 2, 0, /**/ 0, 1 }, new long[] { 2, 3, 1, 2 });
        using var target = tensor(new float[] { 0, 0, /**/ 0, 0, /**/ 1, 0,   1, 0, /**/ 0, 0, /**/ 0, 0 }, new long[] { 2, 3, 1, 2 });
        using var loss = TaskLosses.CosineNormal(prediction, target);
        Assert.Equal(0.5, loss.item<float>(), 5);
    }
}
