using TorchSharp;
using static TorchSharp.torch;
using AdaShare.Data;

namespace AdaShare.Model;

/// <summary>
/// Dropout whose mask is drawn for the whole global batch (see <see cref="BatchShard"/>) and sliced to this rank's
/// samples. On one rank it is libtorch's own CPU dropout: a Bernoulli(1 − p) mask of the input's shape, divided by
/// 1 − p, drawn from the global generator — so single-process runs draw exactly what nn.Dropout drew.
/// </summary>
public sealed class ShardedDropout(double p) : nn.Module<Tensor, Tensor>(nameof(ShardedDropout))
{
    public double P { get; } = p;

    public override Tensor forward(Tensor x)
    {
        if (!training || P == 0)
            return x.alias();
        var shard = BatchShard.Current;
        long local = x.shape[0];
        var shape = x.shape.ToArray();
        shape[0] = local * shard.Count;
        using var noise = empty(shape, x.dtype, x.device).bernoulli_(1 - P);
        noise.div_(1 - P);
        using var mine = shard.Count == 1 ? noise.alias() : noise.narrow(0, local * shard.Index, local);
        return x * mine;
    }
}
