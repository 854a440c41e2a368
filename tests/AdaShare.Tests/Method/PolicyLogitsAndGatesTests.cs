using AdaShare.Model;
using AdaShare.Model.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Tests.Method;

/// <summary>
/// Which logit column the policy reads (0 = execute), how decision blocks map to trunk blocks with skip_layer, and the
/// curriculum's forced executions — on asymmetric logits, where reading the wrong column or block gives a wrong answer.
/// </summary>
[Trait("Category", "Focused")]
public class PolicyLogitsAndGatesTests
{
    /// <summary>2 tasks, 5 blocks, skip_layer 1 → 4 decision blocks. Task 0 executes decisions 0 and 2, task 1 decisions 1 and 3.</summary>
    private static PolicyLogits Decided()
    {
        var logits = new PolicyLogits("p", tasks: 2, totalBlocks: 5, skipLayer: 1, init: 0);
        var raw = new float[2 * 4 * 2];
        for (int k = 0; k < 2; k++)
            for (int d = 0; d < 4; d++)
            {
                bool execute = (d + k) % 2 == 0;
                raw[(k * 4 + d) * 2] = execute ? 20 : -20;
                raw[(k * 4 + d) * 2 + 1] = execute ? -20 : 20;
            }
        using (no_grad())
        using (var values = tensor(raw, new long[] { 2, 4, 2 }))
            logits.logits.copy_(values);
        return logits;
    }

    [Fact]
    public void ExecuteProbabilitiesAreTheSoftmaxOfColumnZeroPerTaskAndDecisionBlock()
    {
        using var policy = new PolicyLogits("p", tasks: 2, totalBlocks: 4, skipLayer: 1, init: 0);
        var raw = new float[2 * 3 * 2];
        for (int k = 0; k < 2; k++)
            for (int d = 0; d < 3; d++)
            {
                raw[(k * 3 + d) * 2] = k * 0.5f + d * 0.25f - 1;   // execute
                raw[(k * 3 + d) * 2 + 1] = 0.3f - d * 0.5f;       // skip
            }
        using (no_grad())
        using (var values = tensor(raw, new long[] { 2, 3, 2 }))
            policy.logits.copy_(values);
        var p = policy.ExecuteProbabilities();
        Assert.Equal(2, p.GetLength(0));
        Assert.Equal(3, p.GetLength(1));
        for (int k = 0; k < 2; k++)
            for (int d = 0; d < 3; d++)
                Assert.Equal(1 / (1 + Math.Exp(raw[(k * 3 + d) * 2 + 1] - raw[(k * 3 + d) * 2])), p[k, d], 5);
    }

    [Fact]
    public void SoftGatesFollowTheExecuteColumnOfTheirDecisionBlock()
    {
        using var policy = Decided();
        using var gen = new Generator(1);
        var gates = policy.SampleGates(tau: 1, hard: false, firstActiveBlock: 1, withGradient: true, gen);
        Assert.Equal(2, gates.Tasks);
        Assert.Equal(5, gates.Blocks);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(GateKind.Execute, gates[k, 0].Kind); // skip_layer: never a decision
            for (int l = 1; l < 5; l++)
            {
                Assert.Equal(GateKind.Soft, gates[k, l].Kind);
                float expected = (l - 1 + k) % 2 == 0 ? 1f : 0f;
                Assert.Equal(expected, gates[k, l].Weight!.item<float>(), 4);
                Assert.True(gates[k, l].Weight!.requires_grad);
            }
        }
    }

    [Fact]
    public void BlocksBeforeTheCurriculumsFirstActiveBlockAreForcedToExecute()
    {
        using var policy = Decided();
        using var gen = new Generator(2);
        var gates = policy.SampleGates(tau: 1, hard: false, firstActiveBlock: 3, withGradient: false, gen);
        for (int k = 0; k < 2; k++)
        {
            for (int l = 0; l < 3; l++)
                Assert.Equal(GateKind.Execute, gates[k, l].Kind);
            for (int l = 3; l < 5; l++)
            {
                Assert.Equal(GateKind.Soft, gates[k, l].Kind);
                Assert.Equal((l - 1 + k) % 2 == 0 ? 1f : 0f, gates[k, l].Weight!.item<float>(), 4);
                Assert.False(gates[k, l].Weight!.requires_grad); // weight steps: samples detached from the logits
            }
        }
    }

    [Fact]
    public void HardGatesAreExactlyZeroOrOneAndStillCarryTheGradient()
    {
        using var policy = new PolicyLogits("p", tasks: 3, totalBlocks: 4, skipLayer: 0, init: 0.5);
        using var gen = new Generator(3);
        var gates = policy.SampleGates(tau: 5, hard: true, firstActiveBlock: 0, withGradient: true, gen);
        Tensor? sum = null;
        for (int k = 0; k < 3; k++)
            for (int l = 0; l < 4; l++)
            {
                float u = gates[k, l].Weight!.item<float>();
                Assert.True(u == 0f || u == 1f, $"hard gate {u}");
                sum = sum is null ? gates[k, l].Weight! * 1 : sum + gates[k, l].Weight!;
            }
        sum!.backward();
        Assert.NotNull(policy.logits.grad);
        Assert.True(policy.logits.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void HardGatesFollowTheExecuteColumnOfTheirDecisionBlock()
    {
        // K×L'×2 logits: the one-hot must be taken over the last axis (execute / skip), not over the blocks.
        using var policy = Decided();
        using var gen = new Generator(4);
        var gates = policy.SampleGates(tau: 1, hard: true, firstActiveBlock: 0, withGradient: true, gen);
        for (int k = 0; k < 2; k++)
            for (int l = 1; l < 5; l++)
                Assert.Equal((l - 1 + k) % 2 == 0 ? 1f : 0f, gates[k, l].Weight!.item<float>());
    }

    [Fact]
    public void PerImageGatesHaveOneWeightPerImageAndFollowTheExecuteColumn()
    {
        using var policy = Decided();
        using var gen = new Generator(5);
        var gates = policy.SampleGates(tau: 1, hard: false, firstActiveBlock: 0, withGradient: true, gen, images: 3);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(GateKind.Execute, gates[k, 0].Kind);
            for (int l = 1; l < 5; l++)
            {
                var w = gates[k, l].Weight!;
                Assert.Equal(new long[] { 3, 1, 1, 1 }, w.shape); // broadcasts over N×C×H×W
                float expected = (l - 1 + k) % 2 == 0 ? 1f : 0f;
                foreach (float u in w.data<float>().ToArray())
                    Assert.Equal(expected, u, 4);
            }
        }
    }

    [Fact]
    public void PerImageDrawsDifferAcrossImagesAndTheLogitGradientSumsTheirs()
    {
        // Undecided logits: every image draws its own gate; d u_i / d α_execute = u_i (1 − u_i) / τ, so the gradient of
        // Σ_i u_i on the execute logit is Σ_i u_i (1 − u_i) / τ, and minus that on the skip logit.
        using var policy = new PolicyLogits("p", tasks: 1, totalBlocks: 2, skipLayer: 0, init: 0);
        using var gen = new Generator(6);
        const double tau = 2;
        var gates = policy.SampleGates(tau, hard: false, firstActiveBlock: 0, withGradient: true, gen, images: 8);
        var u = gates[0, 1].Weight!.data<float>().ToArray();
        Assert.Equal(8, u.Length);
        Assert.True(u.Distinct().Count() == 8, "each image must draw its own gate");
        using var sum = gates[0, 1].Weight!.sum();
        sum.backward();
        using var grad = policy.logits.grad!.cpu();
        var g = grad.data<float>().ToArray(); // [1, 2, 2]: block 0 (execute, skip), block 1 (execute, skip)
        double expected = u.Sum(v => v * (1.0 - v)) / tau;
        Assert.Equal(0f, g[0]);
        Assert.Equal(0f, g[1]);
        Assert.Equal(expected, g[2], 5);
        Assert.Equal(-expected, g[3], 5);
    }

    [Fact]
    public void PerImageGatesRejectANegativeImageCount()
    {
        using var policy = Decided();
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.SampleGates(1, false, 0, true, null, images: -1));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void SkipLayerOutsideTheTrunkIsRejected(int skipLayer)
    {
        var e = Assert.Throws<ArgumentException>(() => new PolicyLogits("p", 2, 5, skipLayer, 0));
        Assert.Contains("skip_layer", e.Message);
    }

    [Fact]
    public void TheLogitsAreTheModulesOnlyRegisteredParameter()
    {
        // The policy optimiser and the checkpoint take policy.parameters(): an unregistered field would never be learned or saved.
        using var policy = new PolicyLogits("p", 2, 5, skipLayer: 1, init: 0.5);
        var (name, parameter) = Assert.Single(policy.named_parameters());
        Assert.Equal("logits", name);
        Assert.Equal(policy.logits.Handle, parameter.Handle);
    }

    [Fact]
    public void SkipLayerCanLeaveOneDecisionBlock()
    {
        using var policy = new PolicyLogits("p", 2, 5, skipLayer: 4, init: 0);
        Assert.Equal(1, policy.DecisionBlocks);
        Assert.Equal(new long[] { 2, 1, 2 }, policy.logits.shape);
    }

    [Fact]
    public void GatesOfAFixedPolicyExecuteExactlyTheChosenBlocks()
    {
        var execute = new bool[,] { { true, false, true }, { false, false, true } };
        var gates = GateSet.FromPolicy(new TaskPolicy(new[] { "a", "b" }, execute));
        for (int k = 0; k < 2; k++)
            for (int l = 0; l < 3; l++)
            {
                Assert.Equal(execute[k, l] ? GateKind.Execute : GateKind.Skip, gates[k, l].Kind);
                Assert.Null(gates[k, l].Weight);
            }
    }
}
