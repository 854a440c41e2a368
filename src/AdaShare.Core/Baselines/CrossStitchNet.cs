using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// Cross-stitch network (Misra et al. 2016): one Deeplab dilated ResNet trunk per task, and after each of the four
/// stages a per-channel cross-stitch unit that mixes the K trunks' feature maps; then each task's head on its own
/// trunk. Parameters ≈ K trunks + heads + Σ_stages K²·C.
/// </summary>
public sealed class CrossStitchNet : nn.Module, IMultiTaskModel
{
    public readonly ModuleList<DeeplabResNet> trunks = new();
    public readonly ModuleList<CrossStitchUnit> units = new();
    public readonly ModuleList<nn.Module<Tensor, Tensor>> heads;

    public CrossStitchNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks) : base(name)
    {
        var spec = BackboneSpec.Create(config.Backbone, config.Width);
        for (int k = 0; k < tasks.Count; k++)
            trunks.Add(new DeeplabResNet($"trunk{k}", spec));
        for (int s = 0; s < spec.Channels.Length; s++)
            units.Add(new CrossStitchUnit($"stitch{s}", tasks.Count, spec.Channels[s]));
        heads = TaskHeads.Create(config, tasks, spec.Channels[^1]);
        RegisterComponents();
    }

    public nn.Module Module => this;

    public Tensor[] Forward(Tensor images)
    {
        var hs = trunks.Select(t => t.Stem(images)).ToArray();
        for (int s = 0; s < units.Count; s++)
        {
            var staged = new Tensor[hs.Length];
            for (int k = 0; k < hs.Length; k++)
            {
                staged[k] = TrunkStages.RunStage(trunks[k], hs[k], s);
                hs[k].Dispose();
            }
            hs = units[s].Mix(staged);
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
    public IEnumerable<Parameter> BackboneParameters() => trunks.parameters().Concat(units.parameters());
    public long CountParameters() => Metrics.ModelComplexity.CountParameters(this);
}
