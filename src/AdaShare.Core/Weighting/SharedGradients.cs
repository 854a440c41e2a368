using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// Per-task gradients of the shared parameters, flattened into one K×N matrix, and the way back into <c>.grad</c>.
/// Every gradient is taken from the same graph (retained until the caller's final backward frees it): one graph alive.
/// </summary>
public static class SharedGradients
{
    /// <summary>Row k: ∂losses[k]/∂(shared parameters), flattened in parameter order; parameters a task does not reach get zeros.</summary>
    public static Tensor PerTask(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared)
    {
        var rows = new Tensor[losses.Count];
        try
        {
            for (int k = 0; k < losses.Count; k++)
            {
                var grads = autograd.grad(new[] { losses[k] }, shared.Cast<Tensor>().ToList(), retain_graph: true, allow_unused: true);
                var parts = new Tensor[shared.Count];
                for (int i = 0; i < shared.Count; i++)
                    parts[i] = grads[i].IsInvalid ? zeros(shared[i].numel(), dtype: shared[i].dtype, device: shared[i].device) : grads[i].flatten();
                rows[k] = cat(parts);
                foreach (var p in parts)
                    p.Dispose();
                foreach (var g in grads)
                    g.Dispose();
            }
            return stack(rows);
        }
        finally
        {
            foreach (var r in rows)
                r?.Dispose();
        }
    }

    /// <summary>
    /// A gradient-surgery step (PCGrad, CAGrad): the per-task gradients of λ_k·L_k on the shared parameters, combined by
    /// <paramref name="combine"/> (K×N → N) into their update; task-specific parameters get their own λ_k·∇L_k from the
    /// one backward of Σ λ_k·L_k, which also frees the graph.
    /// </summary>
    public static WeightedStep Surgery(IReadOnlyList<Tensor> losses, IReadOnlyList<double> weights, IReadOnlyList<Parameter> shared, Func<Tensor, Tensor> combine)
    {
        using var scope = NewDisposeScope();
        var scaled = losses.Select((l, k) => l * weights[k]).ToList();
        var combined = combine(PerTask(scaled, shared));
        LossSum.Weighted(losses, weights).backward();
        Assign(shared, combined);
        return new WeightedStep(LossSum.Value(losses, weights), weights);
    }

    /// <summary>Replaces the shared parameters' gradients by <paramref name="combined"/> (length N, parameter order).</summary>
    public static void Assign(IReadOnlyList<Parameter> shared, Tensor combined)
    {
        using var _ = no_grad();
        long offset = 0;
        foreach (var p in shared)
        {
            long n = p.numel();
            using var slice = combined.narrow(0, offset, n).view(p.shape);
            offset += n;
            // A parameter no task reached (a block every task skips) keeps no gradient, as with a plain backward:
            // the optimiser then leaves it alone (no weight decay, no momentum), and its slice is zero anyway.
            if (p.grad is { } grad)
                grad.copy_(slice);
        }
    }

    /// <summary>The shared parameters that get gradients (frozen ones are left out).</summary>
    public static IReadOnlyList<Parameter> Trainable(IEnumerable<Parameter> parameters) =>
        parameters.Where(p => p.requires_grad).ToList();
}
