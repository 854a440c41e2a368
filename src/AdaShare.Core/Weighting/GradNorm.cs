using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// GradNorm (Chen et al., ICML 2018). Weights w_k (start 1) scale the λ-scaled losses. Each step, on the last shared
/// layer W (the last shared weight tensor of rank ≥ 2, a convolution), G_k = w_k·‖∇_W λ_k L_k‖, Ḡ = mean G,
/// r_k = L̃_k / mean L̃ with L̃_k = L_k(t)/L_k(0), and L_grad = Σ_k |G_k − Ḡ·r_k^α| (target held constant).
/// After the network's backward, w takes one Adam step (β = 0.9, 0.999; rate <see cref="WeightingOptions.LearningRate"/>;
/// Adam, as the paper trains w with the network's optimiser, so the step does not depend on the gradients' scale) on
/// ∂L_grad/∂w_k = sign(G_k − target_k)·‖∇_W λ_k L_k‖, is kept ≥ 1e-3 and renormalised to Σ_k w_k = K: a task that
/// trains slower than the others (larger r_k) gets a larger weight, one that trains faster a smaller one.
/// </summary>
public sealed class GradNorm(WeightingContext context, double alpha, double learningRate) : ILossWeighting
{
    private const double MinWeight = 1e-3, Beta1 = 0.9, Beta2 = 0.999;
    private readonly int tasks = context.TaskCount;
    private double[] weights = Enumerable.Repeat(1.0, context.TaskCount).ToArray();
    private double[]? initialLosses;
    private double[] firstMoment = new double[context.TaskCount], secondMoment = new double[context.TaskCount];
    private long adamSteps;

    public string Name => "gradnorm";
    public IReadOnlyList<double> Weights => LossSum.Times(context.TaskWeights, weights);
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <summary>The method's own w_k (without λ), Σ = K.</summary>
    public IReadOnlyList<double> TaskWeights => weights;

    public WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration)
    {
        var used = Weights;
        double[] norms;
        double[] values;
        using (var scope = NewDisposeScope())
        {
            var scaled = losses.Select((l, k) => l * context.TaskWeights[k]).ToList();
            values = scaled.Select(LossSum.Scalar).ToArray();
            norms = LastLayerNorms(scaled, LastLayer(shared));
            using var total = LossSum.Weighted(losses, used);
            total.backward();
        }
        // Each rank saw its slice of the batch: the mean over ranks keeps w the same on every rank.
        context.RankMean(norms);
        context.RankMean(values);
        initialLosses ??= values;
        Update(norms, values);
        return new WeightedStep(LossSum.Value(losses, used), used);
    }

    /// <summary>One GradNorm step on w from the tasks' gradient norms on W and their current (λ-scaled) losses.</summary>
    public void Update(IReadOnlyList<double> gradientNorms, IReadOnlyList<double> losses)
    {
        initialLosses ??= losses.ToArray();
        var ratio = losses.Select((l, k) => initialLosses[k] > 0 ? l / initialLosses[k] : 1).ToArray();
        double meanRatio = ratio.Average();
        var g = gradientNorms.Select((n, k) => weights[k] * n).ToArray();
        double meanG = g.Average();
        adamSteps++;
        for (int k = 0; k < tasks; k++)
        {
            double target = meanG * Math.Pow(meanRatio > 0 ? ratio[k] / meanRatio : 1, alpha);
            double gradient = Math.Sign(g[k] - target) * gradientNorms[k];
            firstMoment[k] = Beta1 * firstMoment[k] + (1 - Beta1) * gradient;
            secondMoment[k] = Beta2 * secondMoment[k] + (1 - Beta2) * gradient * gradient;
            double m = firstMoment[k] / (1 - Math.Pow(Beta1, adamSteps)), v = secondMoment[k] / (1 - Math.Pow(Beta2, adamSteps));
            weights[k] = Math.Max(MinWeight, weights[k] - learningRate * m / (Math.Sqrt(v) + 1e-8));
        }
        double sum = weights.Sum();
        weights = weights.Select(w => w * tasks / sum).ToArray();
    }

    /// <summary>The last shared layer: the last trainable shared tensor of rank ≥ 2 (a weight, not a norm's scale or bias).</summary>
    public static Parameter LastLayer(IReadOnlyList<Parameter> shared) =>
        shared.LastOrDefault(p => p.dim() >= 2) ?? shared.LastOrDefault()
        ?? throw new InvalidOperationException("gradnorm needs shared parameters (a trunk all tasks use)");

    private static double[] LastLayerNorms(IReadOnlyList<Tensor> scaled, Parameter layer)
    {
        var norms = new double[scaled.Count];
        for (int k = 0; k < scaled.Count; k++)
        {
            var grad = autograd.grad(new[] { scaled[k] }, new Tensor[] { layer }, retain_graph: true, allow_unused: true)[0];
            norms[k] = grad.IsInvalid ? 0 : LossSum.Scalar(grad.norm());
        }
        return norms;
    }

    public Dictionary<string, List<double>> SaveState()
    {
        var state = new Dictionary<string, List<double>>
        {
            ["weights"] = weights.ToList(), ["adam_m"] = firstMoment.ToList(), ["adam_v"] = secondMoment.ToList(), ["adam_steps"] = new() { adamSteps },
        };
        if (initialLosses != null)
            state["initial_losses"] = initialLosses.ToList();
        return state;
    }

    public void LoadState(IReadOnlyDictionary<string, List<double>> state)
    {
        if (state.TryGetValue("weights", out var w))
            weights = Sized(w);
        initialLosses = state.TryGetValue("initial_losses", out var l) ? Sized(l) : null;
        if (state.TryGetValue("adam_steps", out var n))
        {
            adamSteps = (long)n[0];
            firstMoment = Sized(state["adam_m"]);
            secondMoment = Sized(state["adam_v"]);
        }
    }

    private double[] Sized(List<double> values) => values.Count == tasks
        ? values.ToArray()
        : throw new InvalidDataException($"gradnorm: the checkpoint holds {values.Count} task values, the config has {tasks} tasks");
}
