using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Model;

/// <summary>
/// DeepLab-v2 ASPP head: per dilation a branch 3×3 dilated conv → ReLU → Dropout → 1×1 → ReLU → Dropout → 1×1 (→ C);
/// the branch outputs are summed.
/// </summary>
public sealed class AsppHead : Module<Tensor, Tensor>
{
    private readonly ModuleList<Sequential> branches = new();

    public AsppHead(string name, long inChannels, long hidden, long outChannels, IReadOnlyList<int> dilations, double dropout) : base(name)
    {
        foreach (int d in dilations)
        {
            branches.Add(Sequential(
                ("conv1", Conv2d(inChannels, hidden, 3, padding: d, dilation: d)),
                ("relu1", ReLU()),
                ("drop1", new ShardedDropout(dropout)),
                ("conv2", Conv2d(hidden, hidden, 1)),
                ("relu2", ReLU()),
                ("drop2", new ShardedDropout(dropout)),
                ("conv3", Conv2d(hidden, outChannels, 1))));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor? sum = null;
        foreach (var branch in branches)
        {
            var y = branch.call(x);
            if (sum is null)
                sum = y;
            else
            {
                var next = sum + y;
                sum.Dispose();
                y.Dispose();
                sum = next;
            }
        }
        return sum!;
    }
}
