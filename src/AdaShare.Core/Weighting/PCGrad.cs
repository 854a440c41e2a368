using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// PCGrad (Yu et al., NeurIPS 2020), "gradient surgery": for each task i, its shared gradient g_i is projected, in a
/// random order of the other tasks j, onto the normal plane of every g_j it conflicts with
/// (g_i ← g_i − (g_i·g_j / ‖g_j‖²)·g_j when g_i·g_j &lt; 0, against the original g_j); the shared gradient is Σ_i g_i.
/// The order is drawn from the run seed and the step, so a resumed run draws the same. Gradients are of λ_k·L_k;
/// task-specific parameters get their own task's λ_k·∇L_k.
/// </summary>
public sealed class PCGrad(WeightingContext context) : ILossWeighting
{
    public string Name => "pcgrad";
    public IReadOnlyList<double> Weights => context.TaskWeights;
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    public WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration) =>
        SharedGradients.Surgery(losses, Weights, shared,
            grads => Combine(grads, new Random(Data.SeedMix.Hash(context.Seed, "pcgrad", iteration))));

    /// <summary>Σ_i of the projected rows of the K×N matrix <paramref name="grads"/> (the other tasks visited in a random order).</summary>
    public static Tensor Combine(Tensor grads, Random random)
    {
        int tasks = (int)grads.shape[0];
        using var original = grads.to(float64);
        var result = zeros(original.shape[1], dtype: float64, device: original.device);
        for (int i = 0; i < tasks; i++)
        {
            using var g = original[i].clone();
            var others = Enumerable.Range(0, tasks).Where(j => j != i).OrderBy(_ => random.Next()).ToList();
            foreach (int j in others)
            {
                using var gj = original[j];
                double dot = g.dot(gj).item<double>();
                if (dot < 0)
                {
                    double norm2 = gj.dot(gj).item<double>();
                    if (norm2 > 0)
                        g.sub_(gj * (dot / norm2));
                }
            }
            result.add_(g);
        }
        using (result)
            return result.to(grads.dtype);
    }

    public Dictionary<string, List<double>> SaveState() => new();
    public void LoadState(IReadOnlyDictionary<string, List<double>> state) { }
}
