using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Model.Policy;

/// <summary>
/// The learned policy distribution: logits α of shape K × L' × 2 (column 0 = execute, column 1 = skip), where
/// L' = L − skip_layer (the first skip_layer blocks are always executed). Initialised to a constant for both columns.
/// </summary>
public sealed class PolicyLogits : nn.Module
{
    public readonly Parameter logits;

    public int Tasks { get; }
    public int TotalBlocks { get; }
    public int SkipLayer { get; }
    public int DecisionBlocks => TotalBlocks - SkipLayer;

    public PolicyLogits(string name, int tasks, int totalBlocks, int skipLayer, double init) : base(name)
    {
        if (skipLayer < 0 || skipLayer >= totalBlocks)
            throw new ArgumentException($"skip_layer {skipLayer} must be in [0, {totalBlocks})");
        Tasks = tasks;
        TotalBlocks = totalBlocks;
        SkipLayer = skipLayer;
        logits = new Parameter(full(tasks, totalBlocks - skipLayer, 2, init));
        RegisterComponents();
    }

    /// <summary>softmax(α)[execute] per (task, decision block), on the CPU.</summary>
    public float[,] ExecuteProbabilities()
    {
        using var _ = no_grad();
        using var p = logits.softmax(-1).select(-1, 0).cpu();
        var flat = p.data<float>().ToArray();
        var result = new float[Tasks, DecisionBlocks];
        for (int k = 0; k < Tasks; k++)
            for (int l = 0; l < DecisionBlocks; l++)
                result[k, l] = flat[k * DecisionBlocks + l];
        return result;
    }

    /// <summary>
    /// Gates for one forward pass: one Gumbel draw per task and block, shared by the batch (<paramref name="images"/> 0),
    /// or one per image of a batch of <paramref name="images"/> (each gate then has shape images×1×1×1); blocks before
    /// <paramref name="firstActiveBlock"/> are forced to execute. <paramref name="withGradient"/> false detaches the samples.
    /// </summary>
    public GateSet SampleGates(double tau, bool hard, int firstActiveBlock, bool withGradient, Generator? generator, int images = 0)
    {
        if (images < 0)
            throw new ArgumentOutOfRangeException(nameof(images), images, "images must be 0 (one draw per batch) or the batch size");
        using var source = images > 0 ? logits.unsqueeze(0).expand(images, -1, -1, -1) : logits.alias();
        var sample = GumbelSoftmax.Sample(source, tau, hard, generator);
        if (!withGradient)
        {
            var detached = sample.detach();
            sample.Dispose();
            sample = detached;
        }
        using var execute = sample.select(-1, 0);
        sample.Dispose();
        var gates = new GateSet(Tasks, TotalBlocks);
        for (int k = 0; k < Tasks; k++)
        {
            for (int l = 0; l < TotalBlocks; l++)
            {
                int d = l - SkipLayer;
                gates[k, l] = l < firstActiveBlock || d < 0 ? BlockGate.Execute : BlockGate.Soft(Gate(execute, k, d, images));
            }
        }
        return gates;
    }

    /// <summary>The execute weight of (task k, decision d): a scalar, or one weight per image shaped to broadcast over N×C×H×W.</summary>
    private static Tensor Gate(Tensor execute, int k, int d, int images)
    {
        if (images == 0)
            return execute[k, d];
        using var column = execute[TensorIndex.Colon, k, d];
        return column.reshape(images, 1, 1, 1);
    }
}
