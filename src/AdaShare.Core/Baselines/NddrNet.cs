using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// NDDR-CNN (Gao et al. 2019): one Deeplab dilated ResNet trunk per task; after each of the four stages every task's
/// next input is its <see cref="NddrLayer"/> applied to the concatenation of all tasks' stage outputs; then each
/// task's head. Parameters ≈ K trunks + heads + Σ_stages K·(K·C² + 2C).
/// </summary>
public sealed class NddrNet : nn.Module, IMultiTaskModel
{
    public readonly ModuleList<DeeplabResNet> trunks = new();
    public readonly ModuleList<ModuleList<NddrLayer>> layers = new();
    public readonly ModuleList<nn.Module<Tensor, Tensor>> heads;

    public NddrNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks) : base(name)
    {
        var spec = BackboneSpec.Create(config.Backbone, config.Width);
        for (int k = 0; k < tasks.Count; k++)
            trunks.Add(new DeeplabResNet($"trunk{k}", spec));
        for (int s = 0; s < spec.Channels.Length; s++)
        {
            var stage = new ModuleList<NddrLayer>();
            for (int k = 0; k < tasks.Count; k++)
                stage.Add(new NddrLayer($"nddr{s}_{k}", tasks.Count, k, spec.Channels[s]));
            layers.Add(stage);
        }
        heads = TaskHeads.Create(config, tasks, spec.Channels[^1]);
        RegisterComponents();
    }

    public nn.Module Module => this;

    public Tensor[] Forward(Tensor images)
    {
        var hs = trunks.Select(t => t.Stem(images)).ToArray();
        for (int s = 0; s < layers.Count; s++)
        {
            var staged = new Tensor[hs.Length];
            for (int k = 0; k < hs.Length; k++)
            {
                staged[k] = TrunkStages.RunStage(trunks[k], hs[k], s);
                hs[k].Dispose();
            }
            using var all = cat(staged, 1);
            foreach (var t in staged)
                t.Dispose();
            for (int k = 0; k < hs.Length; k++)
                hs[k] = layers[s][k].call(all);
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
    public IEnumerable<Parameter> BackboneParameters() => trunks.parameters().Concat(layers.parameters());
    public long CountParameters() => Metrics.ModelComplexity.CountParameters(this);
}
