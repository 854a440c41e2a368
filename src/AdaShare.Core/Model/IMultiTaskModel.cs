using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Model;

/// <summary>
/// What the trainer and evaluator need of any multi-task network (AdaShare with a fixed policy, hard sharing,
/// single-task, cross-stitch, MTAN, …): per-task outputs, the two parameter groups of the official optimisers, and
/// the parameters its deployed form needs.
/// </summary>
public interface IMultiTaskModel
{
    /// <summary>The module to save, load, move and switch between train and eval.</summary>
    nn.Module Module { get; }

    /// <summary>Per-task outputs (stride 8 for dense tasks, B×C for image-level tasks).</summary>
    Tensor[] Forward(Tensor images);

    IEnumerable<Parameter> HeadParameters();
    IEnumerable<Parameter> BackboneParameters();

    /// <summary>Parameters the deployed model needs (e.g. blocks no task executes are not counted).</summary>
    long CountParameters();
}

/// <summary>An AdaShare network bound to fixed gates (null = hard sharing).</summary>
public sealed class GatedModel(MultiTaskNet net, Policy.TaskPolicy? policy) : IMultiTaskModel
{
    private readonly GateSet? gates = policy == null ? null : GateSet.FromPolicy(policy);

    public MultiTaskNet Net => net;
    public nn.Module Module => net;
    public Tensor[] Forward(Tensor images) => net.Forward(images, gates);
    public IEnumerable<Parameter> HeadParameters() => net.HeadParameters();
    public IEnumerable<Parameter> BackboneParameters() => net.BackboneParameters();
    public long CountParameters() => net.CountParameters(policy);
}
