using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Tasks.Losses;
using TorchSharp;

namespace AdaShare.Tasks;

/// <summary>Image classification (DomainNet-style): pooled features → linear head, cross-entropy, top-1 accuracy.</summary>
public sealed class ClassificationTask : ITaskKind
{
    public string Name => "classification";
    public bool IsDense => false;

    public int OutputChannels(TargetInfo target) =>
        target.ClassNames?.Count ?? throw new ArgumentException($"target '{target.Name}' names no classes, so a classifier has no size");

    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target) => TaskLosses.CrossEntropy(output, target.reshape(-1), -100);
    public torch.Tensor Predict(torch.Tensor output) => output.argmax(1).to(torch.float32);
    public ITaskMetric CreateMetric(TargetInfo target, bool officialCompat) => new ClassificationAccuracy();
}
