using AdaShare.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// Stochastic depth (Huang et al. 2016) on the hard-sharing network, as in AdaShare's ablation: block l (1-based)
/// survives with p_l = 1 − 0.5·l/L. In training one Bernoulli draw per block per forward, shared by all tasks (a
/// dropped block outputs its shortcut); in evaluation every block is a soft gate of weight p_l (BasicBlock.Gated):
/// p_l·ReLU(s + F(x)) + (1 − p_l)·s. Draws use libtorch's global generator, which the training loop seeds per step.
/// </summary>
public sealed class StochasticDepthNet : nn.Module, IMultiTaskModel
{
    public readonly MultiTaskNet net;
    private readonly double[] survival;

    public StochasticDepthNet(string name, MultiTaskNet net) : base(name)
    {
        if (net.SeparatePaths)
            throw new Config.ConfigException($"method: '{name}' runs one trunk pass for all tasks; this dataset or model.task_batch_norm gives each task its own path (use adashare, hard-sharing, single-task or random-policy)");
        this.net = net;
        survival = SurvivalProbabilities(net.BlockCount);
        RegisterComponents();
    }

    /// <summary>p_l = 1 − 0.5·l/L for blocks l = 1..L (first block 1 − 0.5/L, last 0.5).</summary>
    public static double[] SurvivalProbabilities(int blocks) =>
        Enumerable.Range(1, blocks).Select(l => 1 - 0.5 * l / blocks).ToArray();

    public nn.Module Module => this;

    /// <summary>The trunk runs once for all tasks (the gates are the same for every task), then each head.</summary>
    public Tensor[] Forward(Tensor images)
    {
        var keep = training ? SampleSurvivors() : null;
        var h = net.backbone.Stem(images);
        for (int l = 0; l < net.BlockCount; l++)
        {
            var block = net.backbone.blocks[l];
            Tensor next;
            if (keep == null)
            {
                using var weight = tensor((float)survival[l], device: h.device);
                next = block.Gated(h, weight);
            }
            else
                next = keep[l] ? block.call(h) : block.Shortcut(h);
            if (!ReferenceEquals(next, h))
                h.Dispose();
            h = next;
        }
        var outputs = new Tensor[net.Tasks.Count];
        for (int k = 0; k < outputs.Length; k++)
            outputs[k] = net.heads[k].call(h);
        h.Dispose();
        return outputs;
    }

    /// <summary>A fresh drop pattern: one uniform draw per block, shared by every task.</summary>
    public bool[] SampleSurvivors()
    {
        using var u = rand(net.BlockCount);
        var draws = u.data<float>().ToArray();
        return Enumerable.Range(0, net.BlockCount).Select(l => draws[l] < survival[l]).ToArray();
    }

    public IEnumerable<Parameter> HeadParameters() => net.HeadParameters();
    public IEnumerable<Parameter> BackboneParameters() => net.BackboneParameters();
    public long CountParameters() => net.CountParameters(null);
}
