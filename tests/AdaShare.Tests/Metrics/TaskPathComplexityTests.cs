using AdaShare.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Tests.Metrics;

public class TaskPathComplexityTests
{
    // Input 1×4 → trunk Linear(4→3) → head A Linear(3→2), head B Linear(3→1).
    // MACs: trunk 3·4 = 12, A 2·3 = 6, B 1·3 = 3. Parameters: trunk 15, A 8, B 4.
    private sealed class TwoHeads : nn.Module
    {
        public readonly Linear trunk = nn.Linear(4, 3);
        public readonly Linear headA = nn.Linear(3, 2);
        public readonly Linear headB = nn.Linear(3, 1);

        public TwoHeads() : base(nameof(TwoHeads)) => RegisterComponents();

        public Tensor[] Forward(Tensor x)
        {
            using var h = trunk.call(x);
            return [headA.call(h), headB.call(h)];
        }
    }

    [Fact]
    public void EachOutputCountsTheSharedTrunkAndItsOwnHeadOnly()
    {
        using var model = new TwoHeads();
        // A frozen parameter is not counted: head B's bias.
        model.headB.bias!.requires_grad = false;
        using var x = torch.randn(1, 4);
        var count = TaskPathComplexity.Count(model, () => model.Forward(x));
        Assert.Equal([12L + 6, 12 + 3], count.MultiplyAdds);
        Assert.Equal([15L + 8, 15 + 3], count.Parameters);
    }

    [Fact]
    public void AFullyFrozenModelChargesEveryCallToEveryOutput()
    {
        // Nothing needs a gradient, so no path can be traced: every output pays for all 21 MACs and no parameters.
        using var model = new TwoHeads();
        foreach (var p in model.parameters())
            p.requires_grad = false;
        using var x = torch.randn(1, 4);
        var count = TaskPathComplexity.Count(model, () => model.Forward(x));
        Assert.Equal([21L, 21], count.MultiplyAdds);
        Assert.Equal([0L, 0], count.Parameters);
    }
}
