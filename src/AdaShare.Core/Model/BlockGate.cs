using static TorchSharp.torch;

namespace AdaShare.Model;

public enum GateKind
{
    Execute,
    Skip,
    Soft,
}

/// <summary>
/// The decision of one task for one block: a hard Execute/Skip (computation can be shared or skipped), or a
/// soft weight u (a scalar tensor, possibly carrying gradient to the policy logits): u·block(x) + (1 − u)·shortcut(x).
/// </summary>
public readonly record struct BlockGate(GateKind Kind, Tensor? Weight)
{
    public static BlockGate Execute => new(GateKind.Execute, null);
    public static BlockGate Skip => new(GateKind.Skip, null);
    public static BlockGate Soft(Tensor weight) => new(GateKind.Soft, weight);
}

/// <summary>Gates of every (task, block); a null set means hard parameter sharing (every block executed by every task).</summary>
public sealed class GateSet
{
    private readonly BlockGate[,] gates;

    public GateSet(int tasks, int blocks)
    {
        gates = new BlockGate[tasks, blocks];
    }

    public int Tasks => gates.GetLength(0);
    public int Blocks => gates.GetLength(1);

    public BlockGate this[int task, int block]
    {
        get => gates[task, block];
        set => gates[task, block] = value;
    }

    /// <summary>Gates of a fixed (discrete) policy.</summary>
    public static GateSet FromPolicy(Policy.TaskPolicy policy)
    {
        var set = new GateSet(policy.Tasks, policy.Blocks);
        for (int k = 0; k < policy.Tasks; k++)
            for (int l = 0; l < policy.Blocks; l++)
                set[k, l] = policy.Executes(k, l) ? BlockGate.Execute : BlockGate.Skip;
        return set;
    }

    public static GateSet AllExecute(int tasks, int blocks)
    {
        var set = new GateSet(tasks, blocks);
        for (int k = 0; k < tasks; k++)
            for (int l = 0; l < blocks; l++)
                set[k, l] = BlockGate.Execute;
        return set;
    }
}
