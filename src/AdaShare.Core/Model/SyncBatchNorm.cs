using AdaShare.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Model;

/// <summary>
/// Synchronised batch normalisation (train.sync_bn): in training, the per-channel mean and variance are those of the
/// global batch — sums all-reduced over the ranks with a differentiable all-reduce, two passes (mean, then squared
/// deviations) for precision — so N ranks × B/N samples normalise and back-propagate as one rank with B samples.
/// Running statistics get the global (unbiased) variance, the same on every rank.
/// </summary>
public static class SyncBatchNorm
{
    /// <summary>Makes every <see cref="SafeBatchNorm2d"/> of <paramref name="module"/> use global statistics over <paramref name="comm"/>.</summary>
    public static void Attach(nn.Module module, ICommunicator comm)
    {
        foreach (var (_, m) in module.named_modules())
            if (m is SafeBatchNorm2d bn)
                bn.Group = comm;
    }

    internal static Tensor Forward(SafeBatchNorm2d bn, Tensor x, ICommunicator comm)
    {
        long channels = x.shape[1];
        long[] reduce = { 0, 2, 3 };
        using var localCount = full(1, (double)(x.shape[0] * x.shape[2] * x.shape[3]), float64, x.device);
        using var localSum = x.sum(reduce, false, ScalarType.Float64);
        using var packed = cat(new[] { localSum, localCount });
        using var global = AllReduceFunction.Sum(comm, packed);
        using var count = global.narrow(0, channels, 1);
        using var sum = global.narrow(0, 0, channels);
        using var mean64 = sum / count;
        using var mean = mean64.to(x.dtype).view(1, channels, 1, 1);
        using var centered = x - mean;
        using var squares = (centered * centered).sum(reduce, false, ScalarType.Float64);
        using var globalSquares = AllReduceFunction.Sum(comm, squares);
        using var var64 = globalSquares / count;
        using var variance = var64.to(x.dtype);
        using var invStd = (variance + bn.Eps).rsqrt().view(1, channels, 1, 1);
        using var normalized = centered * invStd;
        using var w = bn.weight.view(1, channels, 1, 1);
        using var b = bn.bias.view(1, channels, 1, 1);
        using (no_grad())
        {
            double n = count.item<double>();
            using var batchMean = mean64.detach().to(bn.running_mean.dtype);
            using var unbiased = (var64.detach() * (n / Math.Max(1, n - 1))).to(bn.running_var.dtype);
            bn.running_mean.mul_(1 - bn.Momentum).add_(batchMean, bn.Momentum);
            bn.running_var.mul_(1 - bn.Momentum).add_(unbiased, bn.Momentum);
        }
        return normalized * w + b;
    }
}
