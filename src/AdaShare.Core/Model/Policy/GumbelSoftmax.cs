using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Model.Policy;

/// <summary>
/// Gumbel-Softmax over the last dimension (TorchSharp has none): y = softmax((logits + g) / τ), g = −log(−log U).
/// Hard mode returns the one-hot of y in the forward pass and y's gradient in the backward pass (straight-through).
/// </summary>
public static class GumbelSoftmax
{
    private const double Eps = 1e-10;

    public static Tensor Sample(Tensor logits, double tau, bool hard, Generator? generator = null)
    {
        using var u = rand(logits.shape, dtype: logits.dtype, device: logits.device, generator: generator);
        // Stryker disable once Arithmetic : ±1e-10 is below float32 resolution next to any u that rand draws except 0
        using var noise = -(-(u + Eps).log() + Eps).log();
        return FromNoise(logits, noise, tau, hard);
    }

    /// <summary>The sample for given Gumbel noise (exposed so tests can check the formula exactly).</summary>
    public static Tensor FromNoise(Tensor logits, Tensor noise, double tau, bool hard)
    {
        using var scaled = (logits + noise) / tau;
        var soft = scaled.softmax(-1);
        if (!hard)
            return soft;
        using var index = soft.argmax(-1, keepdim: true);
        using var ones = ones_like(index, dtype: soft.dtype);
        using var oneHot = zeros_like(soft).scatter_(-1, index, ones);
        using var detached = soft.detach();
        using var delta = oneHot - detached;
        var result = delta + soft;
        soft.Dispose();
        return result;
    }
}
