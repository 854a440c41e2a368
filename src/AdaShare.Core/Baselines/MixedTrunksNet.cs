using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// One Deeplab dilated ResNet trunk per task, joined after each of the four stages by a learned mixer; then each task's
/// head on its own trunk. Cross-stitch networks, NDDR-CNN and sluice networks are this network with different mixers
/// (sluice also mixes the stages' outputs for the heads).
/// </summary>
public abstract class MixedTrunksNet<TMixer> : nn.Module, IMultiTaskModel where TMixer : nn.Module, IStageMixer
{
    public readonly ModuleList<DeeplabResNet> trunks = new();
    public readonly ModuleList<TMixer> mixers = new();
    public readonly ModuleList<nn.Module<Tensor, Tensor>> heads;

    protected MixedTrunksNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks, Func<int, long, TMixer> createMixer) : base(name)
    {
        SharedImageRequirement.Check(name, config, tasks);
        var spec = BackboneSpec.Create(config.Backbone, config.Width, config.Dilated);
        for (int k = 0; k < tasks.Count; k++)
            trunks.Add(new DeeplabResNet($"trunk{k}", spec));
        for (int s = 0; s < spec.Channels.Length; s++)
            mixers.Add(createMixer(s, spec.Channels[s]));
        heads = TaskHeads.Create(config, tasks, spec.Channels[^1]);
        RegisterComponents();
    }

    public nn.Module Module => this;

    public Tensor[] Forward(Tensor images)
    {
        var hs = trunks.Select(t => t.Stem(images)).ToArray();
        var kept = new List<Tensor[]>();
        for (int s = 0; s < mixers.Count; s++)
        {
            var staged = new Tensor[hs.Length];
            for (int k = 0; k < hs.Length; k++)
            {
                staged[k] = TrunkStages.RunStage(trunks[k], hs[k], s);
                if (!(UsesEveryStage && s > 0))
                    hs[k].Dispose();
            }
            hs = mixers[s].Mix(staged);
            foreach (var t in staged)
                t.Dispose();
            if (UsesEveryStage)
                kept.Add(hs);
        }
        var inputs = UsesEveryStage ? HeadInputs(kept) : hs;
        var outputs = new Tensor[inputs.Length];
        for (int k = 0; k < inputs.Length; k++)
        {
            outputs[k] = heads[k].call(inputs[k]);
            inputs[k].Dispose();
        }
        if (UsesEveryStage)
            foreach (var t in kept.SelectMany(x => x))
                t.Dispose();
        return outputs;
    }

    /// <summary>True when the heads read every stage's mixed outputs (<see cref="HeadInputs"/>), not only the last.</summary>
    protected virtual bool UsesEveryStage => false;

    /// <summary>The K head inputs from every stage's K mixed outputs (only called when <see cref="UsesEveryStage"/>);
    /// must return new tensors, the inputs are disposed afterwards.</summary>
    protected virtual Tensor[] HeadInputs(IReadOnlyList<Tensor[]> stageOutputs) => stageOutputs[^1].Select(t => t.alias()).ToArray();

    /// <summary>Parameters that join the trunks (trained with the backbone group).</summary>
    protected virtual IEnumerable<Parameter> MixingParameters() => mixers.parameters();

    public IEnumerable<Parameter> HeadParameters() => heads.parameters();
    public IEnumerable<Parameter> BackboneParameters() => trunks.parameters().Concat(MixingParameters());
    public long CountParameters() => Metrics.ModelComplexity.CountParameters(this);
}
