using AdaShare.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Baselines;

/// <summary>
/// One task's attention module of MTAN (Liu et al. 2019) at one stage: mask = sigmoid(BN(conv1×1(ReLU(BN(conv1×1(x))))))
/// over x = [shared features u, previous task features]; hidden width C/4 as MTAN's ResNet variant. Convolutions
/// have no bias (BN follows).
/// </summary>
public sealed class MtanAttention : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly SafeBatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly SafeBatchNorm2d bn2;

    public MtanAttention(string name, long inChannels, long hidden, long outChannels) : base(name)
    {
        conv1 = Conv2d(inChannels, hidden, 1, bias: false);
        bn1 = new SafeBatchNorm2d(hidden);
        conv2 = Conv2d(hidden, outChannels, 1, bias: false);
        bn2 = new SafeBatchNorm2d(outChannels);
        RegisterComponents();
    }

    public static long Hidden(long channels) => Math.Max(1, channels / 4);

    public override Tensor forward(Tensor x)
    {
        using var a = conv1.call(x);
        using var b = bn1.call(a);
        using var c = functional.relu(b);
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        return functional.sigmoid(e);
    }
}
