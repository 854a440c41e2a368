using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Tasks.Losses;

/// <summary>The task losses of the paper, over valid pixels only; a batch without valid pixels gives a zero loss (not NaN).</summary>
public static class TaskLosses
{
    /// <summary>
    /// Cross-entropy over classes; target B×1×H×W (or B) class ids as float, <paramref name="ignore"/> skipped. With
    /// <paramref name="classWeights"/> the mean is weighted as PyTorch's: Σ w_y·l / Σ w_y over valid pixels.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, long ignore = 255, IReadOnlyList<float>? classWeights = null)
    {
        using var labels = (target.dim() == logits.dim() ? target.squeeze(1) : target).to(ScalarType.Int64);
        using var valid = labels.ne(ignore).logical_and(labels.ge(0)).logical_and(labels.lt(logits.shape[1]));
        if (!valid.any().item<bool>())
            return logits.sum() * 0;
        using var cleaned = labels.where(valid, ignore);
        if (classWeights == null)
            return nn.functional.cross_entropy(logits, cleaned, ignore_index: ignore);
        if (classWeights.Count != logits.shape[1])
            throw new ArgumentException($"{classWeights.Count} class weights for {logits.shape[1]} classes");
        using var weights = tensor(classWeights.ToArray(), dtype: logits.dtype, device: logits.device);
        if (classWeights.Any(w => w == 0))
        {
            // PyTorch divides by Σ w_y: a batch whose valid pixels all have weight 0 would give 0/0.
            using var validLabels = labels.masked_select(valid);
            using var weightSum = weights.index_select(0, validLabels).sum();
            if (weightSum.item<float>() == 0)
                return logits.sum() * 0;
        }
        return nn.functional.cross_entropy(logits, cleaned, weight: weights, ignore_index: ignore);
    }

    /// <summary>Mean |p − g| over pixels where <paramref name="validMask"/> holds (B×1×H×W).</summary>
    public static Tensor MaskedL1(Tensor prediction, Tensor target, Tensor validMask)
    {
        using var mask = validMask.to(prediction.dtype);
        using var count = mask.sum() * prediction.shape[1];
        using var diff = (prediction - target).abs();
        using var masked = diff * mask;
        return masked.sum() / count.clamp_min(1);
    }

    /// <summary>1 − mean cosine between normalised prediction and ground truth over pixels with a non-zero ground truth normal.</summary>
    public static Tensor CosineNormal(Tensor prediction, Tensor target)
    {
        using var unit = ChannelVectors.Normalize(prediction);
        using var squared = ChannelVectors.SquaredNorm(target);
        using var valid = squared.gt(0.25).to(prediction.dtype); // ‖g‖ > 0.5
        using var cos = (unit * target).sum(1, keepdim: true);
        using var count = valid.sum();
        using var total = (cos * valid).sum();
        return 1 - total / count.clamp_min(1);
    }
}
