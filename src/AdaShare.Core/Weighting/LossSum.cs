using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>Σ_k w_k·L_k, summed in task order (the order fixes the float result: equal weighting reproduces earlier runs bit for bit).</summary>
public static class LossSum
{
    public static Tensor Weighted(IReadOnlyList<Tensor> losses, IReadOnlyList<double> weights)
    {
        Tensor? total = null;
        for (int k = 0; k < losses.Count; k++)
        {
            using var weighted = losses[k] * weights[k];
            var next = total is null ? weighted.alias() : total + weighted;
            total?.Dispose();
            total = next;
        }
        return total ?? throw new ArgumentException("no task losses", nameof(losses));
    }

    /// <summary>λ_k·(a method's weight)_k: the multipliers of the raw losses.</summary>
    public static double[] Times(IReadOnlyList<double> lambdas, IReadOnlyList<double> weights) =>
        lambdas.Select((l, k) => l * weights[k]).ToArray();

    /// <summary>Σ_k w_k·L_k of plain numbers, as the trainer reports it.</summary>
    public static float Value(IReadOnlyList<Tensor> losses, IReadOnlyList<double> weights) =>
        (float)losses.Select((l, k) => weights[k] * Scalar(l)).Sum();

    /// <summary>A scalar loss tensor's value, whatever its floating type.</summary>
    public static double Scalar(Tensor loss)
    {
        using var value = loss.detach().to(ScalarType.Float64);
        return value.item<double>();
    }
}
