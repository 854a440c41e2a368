using AdaShare.Model;
using static TorchSharp.torch;

namespace AdaShare.Tests.Model;

/// <summary>One residual block on its own: its registered parameters and names, ReLU(shortcut + F(x)), and its input left alive.</summary>
public class BasicBlockTests
{
    [Fact]
    public void AProjectionExistsExactlyWhereTheShapeChangesUnderTorchvisionsNames()
    {
        using var identity = new BasicBlock("b", 8, 8, 1, 1);
        using var projection = new BasicBlock("b", 8, 16, 2, 1);
        Assert.False(identity.HasProjection);
        Assert.True(projection.HasProjection);
        // torchvision's state-dict names, so PyTorch weights load both ways: conv1, bn1, conv2, bn2, downsample.0/1.
        Assert.Equal(new[] { "conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias" },
            identity.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias", "downsample.0.weight", "downsample.1.weight", "downsample.1.bias" },
            projection.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void TheResidualBranchIsAddedToTheShortcut()
    {
        using var block = new BasicBlock("b", 4, 4, 1, 1);
        block.eval();
        using (no_grad())
        {
            // F(x) = bn2(conv2(…)) with bn2's scale 0 and bias 0.25 is the constant 0.25: out = ReLU(x + 0.25).
            var bn2 = block.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            bn2["bn2.weight"].zero_();
            bn2["bn2.bias"].fill_(0.25);
        }
        manual_seed(1);
        using var x = randn(2, 4, 5, 5);
        using var y = block.forward(x);
        using var expected = nn.functional.relu(x + 0.25);
        Assert.True(y.allclose(expected, atol: 1e-6), "ReLU(x + F(x)) expected");
    }

    [Fact]
    public void AnIdentityBlockLeavesItsInputUsable()
    {
        using var block = new BasicBlock("b", 4, 4, 1, 1);
        using var x = randn(1, 4, 3, 3);
        using var y = block.forward(x);
        // The identity shortcut is the input itself: the block must not dispose it.
        Assert.Equal(36, x.numel());
        using var sum = x.sum();
        Assert.True(float.IsFinite(sum.item<float>()));
    }
}
