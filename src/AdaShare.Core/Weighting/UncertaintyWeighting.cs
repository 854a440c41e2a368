using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// Uncertainty weighting (Kendall, Gal and Cipolla, CVPR 2018): L = Σ_k exp(−s_k)·λ_k·L_k + s_k with learned
/// log-variances s_k = log σ_k² (the form LibMTL and most re-implementations use, without the ½ factors: the weights
/// start at 1, as equal weighting's). s_k are trained by the model optimiser; for a fixed loss the optimum is s_k = log(λ_k·L_k).
/// </summary>
public sealed class UncertaintyWeighting : ILossWeighting
{
    private readonly WeightingContext context;
    private readonly Parameter logVariance;

    public UncertaintyWeighting(WeightingContext context)
    {
        this.context = context;
        logVariance = new Parameter(zeros(context.TaskCount, dtype: float32, device: context.Device));
    }

    public string Name => "uw";
    public IReadOnlyList<Parameter> Parameters => new[] { logVariance };

    /// <summary>λ_k·exp(−s_k) at the current s.</summary>
    public IReadOnlyList<double> Weights
    {
        get
        {
            var s = LogVariances;
            return context.TaskWeights.Select((l, k) => l * Math.Exp(-s[k])).ToArray();
        }
    }

    public double[] LogVariances
    {
        get
        {
            using var cpu = logVariance.detach().cpu().to(float64);
            return cpu.data<double>().ToArray();
        }
    }

    public WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration)
    {
        var weights = Weights;
        using var scope = NewDisposeScope();
        Tensor total = logVariance.sum();
        for (int k = 0; k < losses.Count; k++)
            total = total + torch.exp(-logVariance[k]) * context.TaskWeights[k] * losses[k];
        total.backward();
        return new WeightedStep(LossSum.Value(losses, weights), weights);
    }

    public Dictionary<string, List<double>> SaveState() => new() { ["log_variance"] = LogVariances.ToList() };

    public void LoadState(IReadOnlyDictionary<string, List<double>> state)
    {
        if (!state.TryGetValue("log_variance", out var s))
            return;
        if (s.Count != context.TaskCount)
            throw new InvalidDataException($"uw: the checkpoint holds {s.Count} log-variances, the config has {context.TaskCount} tasks");
        using var _ = no_grad();
        using var saved = tensor(s.ToArray(), dtype: float64).to(float32).to(logVariance.device);
        logVariance.copy_(saved);
    }
}
