using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Tests.Method;

/// <summary>The per-pixel channel normalisation the normal task uses instead of libtorch's (slow) norm over dim 1.</summary>
[Trait("Category", "Focused")]
public class ChannelVectorsTests
{
    [Fact]
    public void NormalizeEqualsLibtorchsNormalizeAndItsGradient()
    {
        manual_seed(5);
        using var x = randn(2, 3, 4, 5).requires_grad_(true);
        using var y = x.detach().clone().requires_grad_(true);
        using var weights = randn(2, 3, 4, 5);
        using var ours = ChannelVectors.Normalize(x);
        using var theirs = nn.functional.normalize(y, p: 2, dim: 1);
        Assert.True(allclose(ours, theirs, rtol: 1e-5, atol: 1e-6));
        (ours * weights).sum().backward();
        (theirs * weights).sum().backward();
        Assert.True(allclose(x.grad!, y.grad!, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void AZeroVectorStaysZeroWithAFiniteGradient()
    {
        // pixel 0 is (0, 0, 0), pixel 1 is (3, 0, 4): unit (0.6, 0, 0.8).
        using var x = tensor(new float[] { 0, 3, 0, 0, 0, 4 }, new long[] { 1, 3, 1, 2 }).requires_grad_(true);
        using var unit = ChannelVectors.Normalize(x);
        Assert.Equal(new float[] { 0, 0.6f, 0, 0, 0, 0.8f }, unit.data<float>().ToArray().Select(v => MathF.Round(v, 6)).ToArray());
        unit.sum().backward();
        Assert.All(x.grad!.data<float>().ToArray(), g => Assert.True(float.IsFinite(g)));
        using var squared = ChannelVectors.SquaredNorm(x);
        Assert.Equal(new float[] { 0, 25 }, squared.data<float>().ToArray());
    }
}
