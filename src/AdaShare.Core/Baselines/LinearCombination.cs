using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>Σ_j w_j · x_j over feature maps, the core of cross-stitch and sluice mixing.</summary>
public static class LinearCombination
{
    /// <summary>
    /// Sums <paramref name="xs"/>[j] × <paramref name="weight"/>(j); each weight tensor and every intermediate is
    /// disposed as soon as it is used (the inputs are not), so one mix keeps no more than the running sum alive.
    /// </summary>
    public static Tensor Of(IReadOnlyList<Tensor> xs, Func<int, Tensor> weight)
    {
        Tensor? sum = null;
        for (int j = 0; j < xs.Count; j++)
        {
            using var w = weight(j);
            var term = xs[j] * w;
            if (sum is null)
                sum = term;
            else
            {
                var next = sum + term;
                sum.Dispose();
                term.Dispose();
                sum = next;
            }
        }
        return sum ?? throw new ArgumentException("nothing to combine", nameof(xs));
    }
}
