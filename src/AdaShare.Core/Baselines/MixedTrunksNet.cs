using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// One Deeplab dilated ResNet trunk per task, joined after each of the four stages by a learned mixer; then each task's
/// head on its own trunk. Cross-stitch networks and NDDR-CNN are this network with different mixers.
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
        for (int s = 0; s < mixers.Count; s++)
        {
            var staged = new Tensor[hs.Length];
            for (int k = 0; k < hs.Length; k++)
            {
                staged[k] = TrunkStages.RunStage(trunks[k], hs[k], s);
                hs[k].Dispose();
            }
            hs = mixers[s].Mix(staged);
            foreach (var t in staged)
                t.Dispose();
        }
        var outputs = new Tensor[hs.Length];
        for (int k = 0; k < hs.Length; k++)
        {
            outputs[k] = heads[k].call(hs[k]);
            hs[k].Dispose();
        }
        return outputs;
    }

    public IEnumerable<Parameter> HeadParameters() => heads.parameters();
    public IEnumerable<Parameter> BackboneParameters() => trunks.parameters().Concat(mixers.parameters());
    public long CountParameters() => Metrics.ModelComplexity.CountParameters(this);
}
