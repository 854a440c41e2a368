using AdaShare.Model.Policy;
using static TorchSharp.torch;

namespace AdaShare.Tests.Model;

public class GumbelSoftmaxTests
{
    [Fact]
    public void SoftSampleEqualsSoftmaxOfPerturbedLogitsOverTau()
    {
        using var logits = tensor(new float[] { 0.5f, -1f, 2f, 0f }, new long[] { 2, 2 });
        using var noise = tensor(new float[] { 0.1f, -0.3f, 0.7f, 0.2f }, new long[] { 2, 2 });
        using var y = GumbelSoftmax.FromNoise(logits, noise, 2.0, hard: false);
        double e0 = Math.Exp((0.5 + 0.1) / 2), e1 = Math.Exp((-1 - 0.3) / 2);
        Assert.Equal(e0 / (e0 + e1), y[0, 0].item<float>(), 5);
        double f0 = Math.Exp((2 + 0.7) / 2), f1 = Math.Exp((0 + 0.2) / 2);
        Assert.Equal(f1 / (f0 + f1), y[1, 1].item<float>(), 5);
    }

    [Fact]
    public void HardSampleIsOneHotForwardWithSoftGradient()
    {
        using var logits = tensor(new float[] { 0.3f, 0.1f, -0.2f, 0.4f, 1f, 1.5f }, new long[] { 3, 2 }).requires_grad_();
        using var noise = tensor(new float[] { 0.2f, -0.1f, 0.05f, 0.3f, -0.4f, 0.1f }, new long[] { 3, 2 });
        using var weights = tensor(new float[] { 1f, -2f, 0.5f, 3f, -1f, 0.25f }, new long[] { 3, 2 });

        using var hard = GumbelSoftmax.FromNoise(logits, noise, 0.7, hard: true);
        foreach (float v in hard.data<float>().ToArray())
            Assert.True(v == 0f || v == 1f, $"hard sample value {v} is not 0 or 1");
        Assert.All(hard.sum(1).data<float>().ToArray(), s => Assert.Equal(1f, s, 6));
        using (var loss = (hard * weights).sum())
            loss.backward();
        var hardGrad = logits.grad!.clone();
        logits.grad!.zero_();

        using var soft = GumbelSoftmax.FromNoise(logits, noise, 0.7, hard: false);
        using (var loss = (soft * weights).sum())
            loss.backward();
        Assert.Equal(soft.argmax(1).data<long>().ToArray(), hard.argmax(1).data<long>().ToArray());
        Assert.True(hardGrad.allclose(logits.grad!, rtol: 1e-5, atol: 1e-7), "straight-through gradient differs from the soft sample's gradient");
    }

    [Fact]
    public void HardSampleFrequenciesMatchSoftmaxOfLogits()
    {
        // Gumbel-max: argmax(logits + g) ~ Categorical(softmax(logits)), whatever τ.
        using var logits = tensor(new float[] { 1.2f, 0f, -0.5f, 0.5f }, new long[] { 2, 2 });
        using var gen = new Generator(42);
        int n = 4000;
        var counts = new int[2];
        for (int i = 0; i < n; i++)
        {
            using var s = GumbelSoftmax.Sample(logits, 3.0, hard: true, gen);
            counts[0] += s[0, 0].item<float>() == 1f ? 1 : 0;
            counts[1] += s[1, 0].item<float>() == 1f ? 1 : 0;
        }
        double p0 = 1 / (1 + Math.Exp(-1.2)), p1 = 1 / (1 + Math.Exp(1.0));
        Assert.InRange(counts[0] / (double)n, p0 - 0.03, p0 + 0.03);
        Assert.InRange(counts[1] / (double)n, p1 - 0.03, p1 + 0.03);
    }

    [Fact]
    public void SameGeneratorSeedGivesSameSample()
    {
        using var logits = zeros(3, 4, 2);
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        using var a = GumbelSoftmax.Sample(logits, 5, false, g1);
        using var b = GumbelSoftmax.Sample(logits, 5, false, g2);
        Assert.True(a.allclose(b, 0, 0));
    }
}
