using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// Conflict-averse gradient descent (Liu et al., NeurIPS 2021). With the tasks' shared gradients g_i, g₀ their mean and
/// A = G·Gᵀ: w* = argmin over the simplex of wᵀA·(1/K) + c‖g₀‖·√(wᵀAw), g_w = Σ w*_i g_i, and the update direction
/// d = (g₀ + c‖g₀‖/‖g_w‖ · g_w) / (1 + c²) (the authors' rescaling). The shared gradient is K·d, the scale of the summed
/// loss the other methods step on (as the authors' code does); task-specific parameters get λ_k·∇L_k.
/// </summary>
public sealed class CAGrad(WeightingContext context, double c) : ILossWeighting
{
    public string Name => "cagrad";
    public IReadOnlyList<double> Weights => context.TaskWeights;
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    public WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration) =>
        SharedGradients.Surgery(losses, Weights, shared, grads => Direction(grads, c) * losses.Count);

    /// <summary>CAGrad's direction d for the K×N gradient matrix <paramref name="grads"/>.</summary>
    public static Tensor Direction(Tensor grads, double c)
    {
        using var scope = NewDisposeScope();
        var g = grads.to(float64);
        int tasks = (int)g.shape[0];
        var gram = g.matmul(g.t()).cpu();
        var a = new double[tasks, tasks];
        for (int i = 0; i < tasks; i++)
            for (int j = 0; j < tasks; j++)
                a[i, j] = gram[i, j].item<double>();
        var mean = g.mean(new long[] { 0 });
        double meanNorm = Math.Sqrt(Math.Max(0, Average(a)));
        var w = SimplexWeights(a, c);
        using var wt = tensor(w, dtype: float64, device: g.device);
        var gw = wt.matmul(g);
        double gwNorm = gw.norm().item<double>();
        double scale = c * meanNorm / (gwNorm + 1e-8);
        var d = (mean + gw * scale) / (1 + c * c);
        return d.to(grads.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// argmin over the simplex of F(w) = wᵀA·b + c·‖g₀‖·√(wᵀAw + ε), b = 1/K, ‖g₀‖ = √(mean A): projected gradient descent
    /// with backtracking on A normalised by its mean |entry| (the minimiser does not change with A's scale).
    /// </summary>
    public static double[] SimplexWeights(double[,] gram, double c)
    {
        int k = gram.GetLength(0);
        double scale = 0;
        foreach (double v in gram)
            scale += Math.Abs(v);
        scale /= k * k;
        var a = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                a[i, j] = scale > 0 ? gram[i, j] / scale : 0;
        double radius = c * Math.Sqrt(Math.Max(0, Average(a)));
        var ab = new double[k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                ab[i] += a[i, j] / k;

        double Objective(double[] w) => Dot(w, ab) + radius * Math.Sqrt(Quadratic(a, w) + 1e-8);

        var x = Enumerable.Repeat(1.0 / k, k).ToArray();
        double fx = Objective(x);
        double step = 1;
        for (int iter = 0; iter < 2000; iter++)
        {
            double root = Math.Sqrt(Quadratic(a, x) + 1e-8);
            var grad = new double[k];
            for (int i = 0; i < k; i++)
            {
                double aw = 0;
                for (int j = 0; j < k; j++)
                    aw += a[i, j] * x[j];
                grad[i] = ab[i] + radius * aw / root;
            }
            step = Math.Min(1, step * 2);
            double[] next;
            double fn;
            while (true)
            {
                next = ProjectToSimplex(x.Select((v, i) => v - step * grad[i]).ToArray());
                fn = Objective(next);
                if (fn <= fx - 1e-4 / step * Distance2(next, x) / 2 || step < 1e-12)
                    break;
                step /= 2;
            }
            bool converged = Distance2(next, x) < 1e-24;
            x = next;
            fx = fn;
            if (converged)
                break;
        }
        return x;
    }

    /// <summary>Euclidean projection onto {w ≥ 0, Σ w = 1} (sort-based).</summary>
    public static double[] ProjectToSimplex(double[] v)
    {
        var u = v.OrderByDescending(x => x).ToArray();
        double cumulative = 0, theta = 0;
        for (int i = 0; i < u.Length; i++)
        {
            cumulative += u[i];
            double t = (cumulative - 1) / (i + 1);
            if (u[i] - t > 0)
                theta = t;
        }
        return v.Select(x => Math.Max(0, x - theta)).ToArray();
    }

    private static double Average(double[,] a)
    {
        double s = 0;
        foreach (double v in a)
            s += v;
        return s / a.Length;
    }

    private static double Dot(double[] x, double[] y) => x.Select((v, i) => v * y[i]).Sum();

    private static double Quadratic(double[,] a, double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
            for (int j = 0; j < w.Length; j++)
                s += w[i] * a[i, j] * w[j];
        return Math.Max(0, s);
    }

    private static double Distance2(double[] x, double[] y) => x.Select((v, i) => (v - y[i]) * (v - y[i])).Sum();

    public Dictionary<string, List<double>> SaveState() => new();
    public void LoadState(IReadOnlyDictionary<string, List<double>> state) { }
}
