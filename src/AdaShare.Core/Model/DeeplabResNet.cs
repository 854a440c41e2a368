using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Model;

/// <summary>
/// Deeplab-v2 dilated ResNet trunk with BasicBlocks: stem (7×7/2 conv, BN, ReLU, 3×3/2 max-pool, ceil mode) then
/// L residual blocks, flattened so a policy can address block l directly. Output stride 8.
/// </summary>
public sealed class DeeplabResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly SafeBatchNorm2d bn1;
    private readonly MaxPool2d pool;
    public readonly ModuleList<BasicBlock> blocks;

    public BackboneSpec Spec { get; }
    public int BlockCount => blocks.Count;
    public long OutChannels => Spec.Channels[^1];

    /// <summary>Stage index of each block (for reports).</summary>
    public IReadOnlyList<int> StageOfBlock { get; }

    public DeeplabResNet(string name, BackboneSpec spec) : base(name)
    {
        Spec = spec;
        conv1 = Conv2d(3, spec.StemChannels, 7, stride: 2, padding: 3, bias: false);
        bn1 = new SafeBatchNorm2d(spec.StemChannels);
        pool = MaxPool2d(3, stride: 2, padding: 1, ceil_mode: true);
        blocks = new ModuleList<BasicBlock>();
        var stages = new List<int>();
        long inCh = spec.StemChannels;
        for (int s = 0; s < spec.BlocksPerStage.Length; s++)
        {
            for (int b = 0; b < spec.BlocksPerStage[s]; b++)
            {
                long stride = b == 0 ? spec.Strides[s] : 1;
                blocks.Add(new BasicBlock($"block{blocks.Count}", inCh, spec.Channels[s], stride, spec.Dilations[s]));
                stages.Add(s);
                inCh = spec.Channels[s];
            }
        }
        StageOfBlock = stages;
        RegisterComponents();
        Initialise();
    }

    /// <summary>Official init: convolutions N(0, 0.01), BN weight 1 and bias 0.</summary>
    private void Initialise()
    {
        using var _ = no_grad();
        foreach (var m in modules())
        {
            if (m is Conv2d c)
                init.normal_(c.weight!, 0, 0.01);
            else if (m is SafeBatchNorm2d bn)
            {
                init.ones_(bn.weight!);
                init.zeros_(bn.bias!);
            }
        }
    }

    public Tensor Stem(Tensor x)
    {
        using var a = conv1.call(x);
        using var b = bn1.call(a);
        using var c = functional.relu(b);
        return pool.call(c);
    }

    /// <summary>Plain ResNet forward (every block executed).</summary>
    public override Tensor forward(Tensor x)
    {
        var h = Stem(x);
        foreach (var block in blocks)
        {
            var next = block.forward(h);
            h.Dispose();
            h = next;
        }
        return h;
    }
}
