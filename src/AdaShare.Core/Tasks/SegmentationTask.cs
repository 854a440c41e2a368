using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Tasks.Losses;
using TorchSharp;

namespace AdaShare.Tasks;

/// <summary>Semantic segmentation: per-pixel class logits, cross-entropy ignoring label 255 (weighted per class when the
/// target carries class weights), mIoU / pixel accuracy.</summary>
public sealed class SegmentationTask : ITaskKind
{
    public string Name => "segmentation";
    public bool IsDense => true;

    public int OutputChannels(TargetInfo target) =>
        target.ClassNames?.Count ?? throw new ArgumentException($"target '{target.Name}' names no classes, so a segmentation head has no size");

    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target) => TaskLosses.CrossEntropy(output, target, (long)TargetNames.IgnoreLabel);

    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target, TargetInfo info) =>
        TaskLosses.CrossEntropy(output, target, (long)TargetNames.IgnoreLabel, info.ClassWeights);

    public torch.Tensor Predict(torch.Tensor output) => output.argmax(1, keepdim: true).to(torch.float32);

    public ITaskMetric CreateMetric(TargetInfo target, bool officialCompat) => new SegmentationMetrics(OutputChannels(target), officialCompat);
}
