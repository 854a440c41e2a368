using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Baselines;

/// <summary>
/// Multi-Task Attention Network (Liu et al. 2019) on the Deeplab dilated ResNet. One shared trunk; at each stage s,
/// u_s = output of the stage's blocks but the last, p_s = the stage output. Task k's attended features are
/// a_s^k = mask_s^k ⊙ p_s with mask_s^k = attention_s^k([u_s, â_{s−1}^k]) (only u_0 at the first stage), and
/// â_s^k = f_s(a_s^k), where f_s (3×3 conv-BN-ReLU to the next stage's channels and stride) is shared by the tasks
/// as in MTAN. The last stage's a^k feeds task k's head.
/// </summary>
public sealed class MtanNet : nn.Module, IMultiTaskModel
{
    public readonly DeeplabResNet backbone;
    public readonly ModuleList<ModuleList<MtanAttention>> attention = new();
    public readonly ModuleList<Sequential> transitions = new();
    public readonly ModuleList<nn.Module<Tensor, Tensor>> heads;

    public MtanNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks) : base(name)
    {
        SharedImageRequirement.Check(name, config, tasks);
        var spec = BackboneSpec.Create(config.Backbone, config.Width, config.Dilated);
        backbone = new DeeplabResNet("backbone", spec);
        int stages = spec.Channels.Length;
        for (int s = 0; s < stages; s++)
        {
            long c = spec.Channels[s];
            // u_s has the stage's channels unless the stage has a single block (then u_s is the stage input).
            long uChannels = spec.BlocksPerStage[s] > 1 ? c : s == 0 ? spec.StemChannels : spec.Channels[s - 1];
            long inChannels = uChannels + (s == 0 ? 0 : c);
            var perTask = new ModuleList<MtanAttention>();
            for (int k = 0; k < tasks.Count; k++)
                perTask.Add(new MtanAttention($"att{s}_{k}", inChannels, MtanAttention.Hidden(c), c));
            attention.Add(perTask);
            if (s + 1 < stages)
            {
                transitions.Add(Sequential(
                    ("conv", Conv2d(c, spec.Channels[s + 1], 3, stride: spec.Strides[s + 1], padding: 1, bias: false)),
                    ("bn", new SafeBatchNorm2d(spec.Channels[s + 1])),
                    ("relu", ReLU())));
            }
        }
        heads = TaskHeads.Create(config, tasks, spec.Channels[^1]);
        RegisterComponents();
    }

    public nn.Module Module => this;

    public Tensor[] Forward(Tensor images)
    {
        int tasks = heads.Count;
        var h = backbone.Stem(images);
        var att = new Tensor?[tasks];
        for (int s = 0; s < attention.Count; s++)
        {
            var blocks = TrunkStages.Blocks(backbone, s);
            var u = TrunkStages.Run(backbone, h, blocks[0], blocks[^1]);
            var p = TrunkStages.Run(backbone, u, blocks[^1], blocks[^1] + 1);
            for (int k = 0; k < tasks; k++)
            {
                Tensor mask;
                if (att[k] is { } previous)
                {
                    using var input = cat(new[] { u, previous }, 1);
                    mask = attention[s][k].call(input);
                    previous.Dispose();
                }
                else
                    mask = attention[s][k].call(u);
                using (mask)
                {
                    var a = mask * p;
                    if (s < transitions.Count)
                    {
                        att[k] = transitions[s].call(a);
                        a.Dispose();
                    }
                    else
                        att[k] = a;
                }
            }
            u.Dispose();
            h.Dispose();
            h = p;
        }
        h.Dispose();
        var outputs = new Tensor[tasks];
        for (int k = 0; k < tasks; k++)
        {
            outputs[k] = heads[k].call(att[k]!);
            att[k]!.Dispose();
        }
        return outputs;
    }

    public IEnumerable<Parameter> HeadParameters() => heads.parameters();
    public IEnumerable<Parameter> BackboneParameters() => backbone.parameters().Concat(attention.parameters()).Concat(transitions.parameters());
    public long CountParameters() => Metrics.ModelComplexity.CountParameters(this);
}
