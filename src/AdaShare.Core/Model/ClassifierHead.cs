using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Model;

/// <summary>Image-level head (DomainNet setting): global average pool → linear.</summary>
public sealed class ClassifierHead : Module<Tensor, Tensor>
{
    private readonly Linear fc;

    public ClassifierHead(string name, long inChannels, long classes) : base(name)
    {
        fc = Linear(inChannels, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var pooled = x.mean(new long[] { 2, 3 });
        return fc.call(pooled);
    }
}
