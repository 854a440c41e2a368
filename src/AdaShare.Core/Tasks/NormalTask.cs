using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Tasks.Losses;
using TorchSharp;

namespace AdaShare.Tasks;

/// <summary>Surface normals: 1 − cosine similarity over pixels with a non-zero ground truth normal; angle metrics.</summary>
public sealed class NormalTask : ITaskKind
{
    public string Name => "normal";
    public bool IsDense => true;
    public int OutputChannels(TargetInfo target) => 3;
    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target) => TaskLosses.CosineNormal(output, target);
    public torch.Tensor Predict(torch.Tensor output) => ChannelVectors.Normalize(output);
    public ITaskMetric CreateMetric(TargetInfo target, bool officialCompat) => new NormalMetrics(officialCompat);
}
