using AdaShare.Data;
using AdaShare.Metrics;
using TorchSharp;

namespace AdaShare.Tasks;

/// <summary>
/// What a kind of task is: how many channels its head predicts for a dataset target, its loss, how its raw output
/// becomes a prediction, and how it is scored. Tasks are data (<see cref="TaskSpec"/>) that point at a kind,
/// so the trainer never branches on task names.
/// </summary>
public interface ITaskKind
{
    string Name { get; }

    /// <summary>Dense (per-pixel) tasks get an ASPP head and are resized; image-level tasks get a pooled linear head.</summary>
    bool IsDense { get; }

    int OutputChannels(TargetInfo target);

    /// <summary>Loss of a raw head output against a target of the same spatial size (dense) or a label batch.</summary>
    torch.Tensor Loss(torch.Tensor output, torch.Tensor target);

    /// <summary>The loss with what the dataset says about the target (e.g. per-class weights); most kinds need none.</summary>
    torch.Tensor Loss(torch.Tensor output, torch.Tensor target, TargetInfo info) => Loss(output, target);

    /// <summary>The raw output turned into the value a user looks at (class ids, unit normals, …), B×C'×H×W.</summary>
    torch.Tensor Predict(torch.Tensor output);

    ITaskMetric CreateMetric(TargetInfo target, bool officialCompat);
}
