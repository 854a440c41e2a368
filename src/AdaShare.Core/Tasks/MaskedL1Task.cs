using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Tasks.Losses;
using TorchSharp;

namespace AdaShare.Tasks;

/// <summary>Dense maps scored by L1 where the ground truth is not 255 (Taskonomy's edge and keypoint tasks).</summary>
public sealed class MaskedL1Task(string name) : ITaskKind
{
    public string Name => name;
    public bool IsDense => true;
    public int OutputChannels(TargetInfo target) => target.Channels;

    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target)
    {
        using var valid = target.ne(TargetNames.IgnoreLabel);
        return TaskLosses.MaskedL1(output, target, valid);
    }

    public torch.Tensor Predict(torch.Tensor output) => output.alias();
    public ITaskMetric CreateMetric(TargetInfo target, bool officialCompat) => new MaskedL1Metric();
}
