using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// The alpha of a sluice network (Ruder et al. 2019) after one stage: every task's C channels are split into
/// <see cref="Subspaces"/> = 2 subspaces of C/2 channels, and each of the 2K output subspaces is a learned linear
/// combination of all 2K input subspaces: x̃_(k,m) = Σ_(j,n) α[(k,m), (j,n)]·x_(j,n), α of shape 2K × 2K (scalars, not
/// per channel). Init: 0.9 on the subspace itself, the remaining 0.1 spread evenly over the other 2K − 1.
/// </summary>
public sealed class SluiceUnit : nn.Module, IStageMixer
{
    public const int Subspaces = 2;
    public const double SelfInit = 0.9;

    public readonly Parameter alpha;

    public SluiceUnit(string name, int tasks, long channels) : base(name)
    {
        if (channels % Subspaces != 0)
            throw new ArgumentException($"sluice: a stage with {channels} channels cannot be split into {Subspaces} equal subspaces (use a model.width giving even channels)");
        int n = tasks * Subspaces;
        var init = zeros(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                init[i, j] = i == j ? SelfInit : (1 - SelfInit) / (n - 1);
        alpha = new Parameter(init);
        RegisterComponents();
    }

    /// <summary>Mixes the K task feature maps (each B×C×H×W) subspace by subspace; the inputs are not disposed.</summary>
    public Tensor[] Mix(IReadOnlyList<Tensor> xs)
    {
        var parts = xs.SelectMany(x => x.chunk(Subspaces, 1)).ToArray();
        var outputs = new Tensor[xs.Count];
        for (int k = 0; k < xs.Count; k++)
        {
            var mixed = new Tensor[Subspaces];
            for (int m = 0; m < Subspaces; m++)
            {
                int row = k * Subspaces + m;
                mixed[m] = LinearCombination.Of(parts, col => alpha[row, col]);
            }
            outputs[k] = cat(mixed, 1);
            foreach (var t in mixed)
                t.Dispose();
        }
        foreach (var p in parts)
            p.Dispose();
        return outputs;
    }
}
