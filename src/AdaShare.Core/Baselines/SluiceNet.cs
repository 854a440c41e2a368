using AdaShare.Config;
using AdaShare.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// Sluice network (Ruder et al. 2019, "Latent multi-task architecture learning") on the Deeplab trunk: one trunk per
/// task; after each of the four stages a <see cref="SluiceUnit"/> (alpha: subspace sharing between all tasks'
/// channel halves), and before the heads a <see cref="SluiceLayerMix"/> (beta: each task's mixture of its stage
/// outputs). Parameters ≈ K trunks + heads + 4·(2K)² + K·4 + Σ_(s&lt;3) C_s·C_3. The paper's orthogonality penalty between
/// subspaces is not used (it needs a loss term outside the task losses).
/// </summary>
public sealed class SluiceNet : MixedTrunksNet<SluiceUnit>
{
    public readonly SluiceLayerMix layerMix;

    public SluiceNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks)
        : base(name, config, tasks, (stage, channels) => new SluiceUnit($"alpha{stage}", tasks.Count, channels))
    {
        var spec = Model.BackboneSpec.Create(config.Backbone, config.Width);
        layerMix = new SluiceLayerMix("beta", tasks.Count, spec.Channels.Select(c => (long)c).ToArray());
        // The base constructor registered its fields before this one was set.
        register_module(nameof(layerMix), layerMix);
    }

    protected override bool UsesEveryStage => true;

    protected override Tensor[] HeadInputs(IReadOnlyList<Tensor[]> stageOutputs) => layerMix.Mix(stageOutputs);

    protected override IEnumerable<Parameter> MixingParameters() => base.MixingParameters().Concat(layerMix.parameters());
}
