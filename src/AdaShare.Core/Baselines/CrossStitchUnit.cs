using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// A cross-stitch unit (Misra et al. 2016) for K tasks, per channel: x̃_i[c] = Σ_j α[i, j, c]·x_j[c].
/// Init as the paper: α = 0.9 on the own task, the remaining 0.1 spread evenly over the K − 1 others (1 when K = 1).
/// </summary>
public sealed class CrossStitchUnit : nn.Module, IStageMixer
{
    public readonly Parameter alpha;

    public const double SelfInit = 0.9;

    public CrossStitchUnit(string name, int tasks, long channels) : base(name)
    {
        var init = zeros(tasks, tasks, channels);
        for (int i = 0; i < tasks; i++)
            for (int j = 0; j < tasks; j++)
                init[i, j].fill_(i == j ? (tasks == 1 ? 1.0 : SelfInit) : (1 - SelfInit) / (tasks - 1));
        alpha = new Parameter(init);
        RegisterComponents();
    }

    public int Tasks => (int)alpha.shape[0];

    /// <summary>Mixes the K task feature maps (each B×C×H×W); the inputs are not disposed.</summary>
    public Tensor[] Mix(IReadOnlyList<Tensor> xs)
    {
        var outputs = new Tensor[xs.Count];
        for (int i = 0; i < xs.Count; i++)
            outputs[i] = LinearCombination.Of(xs, j => alpha[i, j].view(1, -1, 1, 1));
        return outputs;
    }
}
