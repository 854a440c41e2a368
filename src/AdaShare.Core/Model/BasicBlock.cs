using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Model;

/// <summary>
/// ResNet BasicBlock with dilation (Deeplab-v2). Output = ReLU(shortcut(x) + F(x)); F = conv-BN-ReLU-conv-BN.
/// A skipped block outputs its shortcut (the 1×1 projection where the shape changes, identity otherwise), as the
/// official AdaShare code does.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Conv2d conv2;
    private readonly Module<Tensor, Tensor> bn2;
    private readonly Sequential? downsample;

    public long InChannels { get; }
    public long OutChannels { get; }
    public long Stride { get; }
    public long Dilation { get; }
    public bool HasProjection => downsample != null;

    /// <param name="taskNorms">&gt; 0: one batch norm per task (<see cref="TaskBatchNorm2d"/>); 0: shared.</param>
    public BasicBlock(string name, long inChannels, long outChannels, long stride, long dilation, int taskNorms = 0) : base(name)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Stride = stride;
        Dilation = dilation;
        conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: dilation, dilation: dilation, bias: false);
        bn1 = Norm(outChannels, taskNorms);
        conv2 = Conv2d(outChannels, outChannels, 3, stride: 1, padding: dilation, dilation: dilation, bias: false);
        bn2 = Norm(outChannels, taskNorms);
        if (stride != 1 || inChannels != outChannels)
            downsample = Sequential(("0", Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", Norm(outChannels, taskNorms)));
        RegisterComponents();
    }

    /// <summary>A shared batch norm, or one per task.</summary>
    public static Module<Tensor, Tensor> Norm(long channels, int taskNorms) =>
        taskNorms > 0 ? new TaskBatchNorm2d(channels, taskNorms) : new SafeBatchNorm2d(channels);

    /// <summary>The shortcut path: projection when the shape changes, else the input itself (same tensor).</summary>
    public Tensor Shortcut(Tensor x) => downsample is null ? x : downsample.call(x);

    /// <summary>The residual branch F(x).</summary>
    public Tensor Residual(Tensor x)
    {
        using var a = conv1.call(x);
        using var b = bn1.call(a);
        using var c = functional.relu(b);
        using var d = conv2.call(c);
        return bn2.call(d);
    }

    /// <summary>ReLU(shortcut + F(x)) given an already computed shortcut.</summary>
    public Tensor Execute(Tensor x, Tensor shortcut)
    {
        using var f = Residual(x);
        using var sum = f + shortcut;
        return functional.relu(sum);
    }

    public override Tensor forward(Tensor x)
    {
        var s = Shortcut(x);
        var y = Execute(x, s);
        if (!ReferenceEquals(s, x))
            s.Dispose();
        return y;
    }

    /// <summary>The gated block of AdaShare: u·ReLU(s + F(x)) + (1 − u)·s, with u a scalar (or broadcastable) gate.</summary>
    public Tensor Gated(Tensor x, Tensor gate)
    {
        var s = Shortcut(x);
        using var y = Execute(x, s);
        var result = Blend(y, s, gate);
        if (!ReferenceEquals(s, x))
            s.Dispose();
        return result;
    }

    /// <summary>u·executed + (1 − u)·shortcut.</summary>
    public static Tensor Blend(Tensor executed, Tensor shortcut, Tensor gate)
    {
        using var diff = executed - shortcut;
        using var scaled = diff * gate;
        return shortcut + scaled;
    }
}
