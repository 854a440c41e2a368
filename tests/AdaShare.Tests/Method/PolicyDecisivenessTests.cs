using AdaShare.Model.Policy;

namespace AdaShare.Tests.Method;

/// <summary>How decided a learned distribution is: the 0.2 / 0.8 bounds belong to skip / execute, entropy at the
/// certain ends is 0 (not NaN), and the distance to the argmax counts only decision blocks.</summary>
[Trait("Category", "Focused")]
public class PolicyDecisivenessTests
{
    [Fact]
    public void TheBoundsThemselvesCountAsDecided()
    {
        var d = PolicyDecisiveness.Of([[0.2, 0.8], [0.2001, 0.7999]]);
        Assert.Equal(4, d.Decisions);
        Assert.Equal(0.25, d.SkipShare);
        Assert.Equal(0.25, d.ExecuteShare);
        Assert.Equal(0.5, d.DecisiveShare);
    }

    [Fact]
    public void SkipAndExecuteSharesAreNotSwapped()
    {
        var d = PolicyDecisiveness.Of([[0.0, 0.1, 0.9]]);
        Assert.Equal(2 / 3.0, d.SkipShare, 12);
        Assert.Equal(1 / 3.0, d.ExecuteShare, 12);
        Assert.Equal(1.0, d.DecisiveShare, 12);
    }

    [Fact]
    public void AnEmptyDistributionHasNoDecisions()
    {
        Assert.Equal(new PolicyDecisiveness(0, 0, 0, 0), PolicyDecisiveness.Of([]));
        Assert.Equal(new PolicyDecisiveness(0, 0, 0, 0), PolicyDecisiveness.Of([[], []]));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.25, 0.8112781244591328)] // −0.25·log2 0.25 − 0.75·log2 0.75
    [InlineData(0.9, 0.4689955935892812)]
    public void EntropyInBits(double p, double bits)
    {
        Assert.Equal(bits, PolicyDecisiveness.Entropy(p), 12);
    }

    [Fact]
    public void MeanEntropyAveragesEveryDecision()
    {
        var d = PolicyDecisiveness.Of([[0.5, 1.0], [0.25, 0.0]]);
        Assert.Equal((1 + 0 + 0.8112781244591328 + 0) / 4, d.MeanEntropyBits, 12);
    }

    [Fact]
    public void DistanceFromArgmaxCountsDisagreementsFromTheFirstDecisionBlockOn()
    {
        // Rows: all 3 blocks. Block 0 disagrees for both tasks but lies before the first decision block.
        var policy = new TaskPolicy(["a", "b"], new[,] { { true, true, false }, { false, false, false } });
        IReadOnlyList<IReadOnlyList<double>> probs = [[0.1, 0.5, 0.49], [0.9, 0.2, 0.7]];
        // a: block 1 p = 0.5 executes (agrees), block 2 skips (agrees); b: block 1 agrees, block 2 disagrees.
        Assert.Equal(1, PolicyDecisiveness.DistanceFromArgmax(policy, probs, 1));
        Assert.Equal(3, PolicyDecisiveness.DistanceFromArgmax(policy, probs, 0));
        Assert.Equal(1, PolicyDecisiveness.DistanceFromArgmax(policy, probs, 2));
        Assert.Equal(0, PolicyDecisiveness.DistanceFromArgmax(policy, probs, 3));
    }
}
