using static TorchSharp.torch;

namespace AdaShare.Tasks;

/// <summary>
/// Per-pixel vectors along the channel dimension of a B×C×H×W map (surface normals). libtorch's norm reduction over
/// that small, strided dimension (also inside <c>functional.normalize</c>) took 21–25 ms for a 16×3×64×80 batch on a
/// Zen 3 core, against 0.4 ms for the same value as square, sum, square root; the normal task ran it in every step.
/// </summary>
public static class ChannelVectors
{
    /// <summary>Σ_c x_c² per pixel, B×1×H×W.</summary>
    public static Tensor SquaredNorm(Tensor x)
    {
        using var squared = x.square();
        return squared.sum(1, keepdim: true);
    }

    /// <summary>
    /// x / max(‖x‖, 1e-12) per pixel, as <c>functional.normalize(x, p: 2, dim: 1)</c>, written as
    /// x · rsqrt(max(Σx², 1e-24)) so that the gradient stays finite (0) where x = 0.
    /// </summary>
    public static Tensor Normalize(Tensor x)
    {
        using var sumSq = SquaredNorm(x);
        using var clamped = sumSq.clamp_min(1e-24);
        using var inverse = clamped.rsqrt();
        return x * inverse;
    }
}
