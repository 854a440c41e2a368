using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Tests.Method;

/// <summary>
/// Counts the residual-branch convolutions that actually run (forward hooks on each block's first convolution), so that
/// computing a skipped branch and discarding it — which gives the same values — fails.
/// </summary>
[Trait("Category", "Focused")]
public class SkippedBlocksAreNotComputedTests
{
    private static MultiTaskNet Net()
    {
        manual_seed(5);
        var tasks = new[]
        {
            new TaskSpec("segmentation", TaskKinds.Get("segmentation"), new TargetInfo(TargetNames.Segmentation, 1, new[] { "a", "b" }), 2, 1),
            new TaskSpec("depth", TaskKinds.Get("depth"), new TargetInfo(TargetNames.Depth, 1), 1, 1),
            new TaskSpec("normal", TaskKinds.Get("normal"), new TargetInfo(TargetNames.Normal, 3), 3, 1),
        };
        var config = new ModelConfig { Backbone = "resnet18", Width = 0.125, HeadChannels = 8, AsppDilations = new() { 1, 2 }, HeadDropout = 0 };
        var net = new MultiTaskNet("net", config, tasks);
        net.eval();
        return net;
    }

    /// <summary>Per block, how often its residual branch (conv1) ran.</summary>
    private static int[] CountResidualRuns(MultiTaskNet net, Action forward)
    {
        var counts = new int[net.BlockCount];
        var removers = new List<Action>();
        for (int l = 0; l < net.BlockCount; l++)
        {
            int block = l;
            var conv1 = (nn.Module<Tensor, Tensor>)net.backbone.blocks[l].named_children().Single(c => c.name == "conv1").module;
            var hook = conv1.register_forward_hook((_, _, output) => { counts[block]++; return output; });
            removers.Add(hook.remove);
        }
        try
        {
            forward();
        }
        finally
        {
            foreach (var remove in removers)
                remove();
        }
        return counts;
    }

    [Fact]
    public void AFixedPolicyRunsEachExecutedBranchOncePerGroupAndSkippedBranchesNever()
    {
        using var net = Net();
        // Blocks 0–2 shared by all; block 3 skipped by all; block 4 executed by tasks 0 and 1 only (task 2 splits off);
        // block 5: task 0 executes, task 1 skips (split); block 6: only task 2; block 7 nobody.
        var pattern = new[] { "11101100", "11101000", "11100010" };
        var execute = new bool[3, 8];
        for (int k = 0; k < 3; k++)
            for (int l = 0; l < 8; l++)
                execute[k, l] = pattern[k][l] == '1';
        var gates = GateSet.FromPolicy(new TaskPolicy(new[] { "segmentation", "depth", "normal" }, execute));
        using var x = randn(2, 3, 32, 32);
        using var noGrad = no_grad();
        var counts = CountResidualRuns(net, () => net.Forward(x, gates));
        // groups executing each block: {012}, {012}, {012}, none, {01}, {0}, {2}, none
        Assert.Equal(new[] { 1, 1, 1, 0, 1, 1, 1, 0 }, counts);
    }

    [Fact]
    public void SoftGatesRunTheBranchOnceForTheWholeGroupAndTheNaiveOracleOncePerTask()
    {
        using var net = Net();
        var gates = GateSet.AllExecute(3, net.BlockCount);
        using var half = tensor(0.5f);
        gates[1, 6] = BlockGate.Soft(half);
        gates[2, 6] = BlockGate.Soft(half);
        gates[2, 7] = BlockGate.Skip;
        using var x = randn(2, 3, 32, 32);
        using var noGrad = no_grad();
        var shared = CountResidualRuns(net, () => net.Forward(x, gates));
        // block 6: one branch for the group {0, 1, 2}; block 7: groups {0} and {1} execute, {2} (soft-blended, then skip) does not.
        Assert.Equal(new[] { 1, 1, 1, 1, 1, 1, 1, 2 }, shared);
        var naive = CountResidualRuns(net, () => net.ForwardNaive(x, gates));
        Assert.Equal(new[] { 3, 3, 3, 3, 3, 3, 3, 2 }, naive);
    }

}
