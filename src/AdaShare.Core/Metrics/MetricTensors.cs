using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>Shape checks and device-independent host copies shared by the metrics.</summary>
internal static class MetricTensors
{
    /// <summary>Copies a tensor (any device, any floating or integer dtype) to a row-major float array.
    /// Call inside a <see cref="torch.NewDisposeScope"/>: the intermediate tensors belong to that scope.</summary>
    public static float[] ToFloatArray(torch.Tensor t)
    {
        var c = t.detach().to(torch.ScalarType.Float32).cpu().contiguous();
        return c.data<float>().ToArray();
    }

    /// <summary>Copies an integer tensor (any device) to a row-major long array; same scope rule.</summary>
    public static long[] ToLongArray(torch.Tensor t)
    {
        var c = t.detach().to(torch.ScalarType.Int64).cpu().contiguous();
        return c.data<long>().ToArray();
    }

    public static string Shape(torch.Tensor t) => "[" + string.Join("×", t.shape) + "]";

    /// <summary>Checks prediction B×Cp×H×W and target B×Ct×H×W with the given channel counts (null: any).</summary>
    public static void CheckDense(string metric, torch.Tensor prediction, torch.Tensor target, long? predChannels, long? targetChannels)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.dim() != 4 || target.dim() != 4)
        {
            throw new ArgumentException(
                $"{metric}: expected prediction B×C×H×W and target B×C×H×W, got {Shape(prediction)} and {Shape(target)}.");
        }
        if (prediction.shape[0] != target.shape[0] || prediction.shape[2] != target.shape[2] || prediction.shape[3] != target.shape[3])
        {
            throw new ArgumentException(
                $"{metric}: prediction {Shape(prediction)} and target {Shape(target)} differ in batch or H×W " +
                "(resize the prediction to the target's size before Update).");
        }
        if (predChannels is long pc && prediction.shape[1] != pc)
        {
            throw new ArgumentException($"{metric}: expected {pc} prediction channels, got {Shape(prediction)}.");
        }
        if (targetChannels is long tc && target.shape[1] != tc)
        {
            throw new ArgumentException($"{metric}: expected {tc} target channels, got {Shape(target)}.");
        }
    }
}
