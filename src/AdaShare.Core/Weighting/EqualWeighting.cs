using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>Equal/fixed weighting (the AdaShare paper's): L = Σ_k λ_k·L_k with the config's λ; one backward. The default.</summary>
public sealed class EqualWeighting(WeightingContext context) : ILossWeighting
{
    public string Name => "ew";
    public IReadOnlyList<double> Weights => context.TaskWeights;
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    public WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration)
    {
        using var total = LossSum.Weighted(losses, context.TaskWeights);
        total.backward();
        return new WeightedStep(total.item<float>(), Weights);
    }

    public Dictionary<string, List<double>> SaveState() => new();
    public void LoadState(IReadOnlyDictionary<string, List<double>> state) { }
}
