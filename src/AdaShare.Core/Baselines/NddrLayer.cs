using AdaShare.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Baselines;

/// <summary>
/// One task's NDDR layer (Gao et al. 2019): a 1×1 convolution over the channel concatenation of all K tasks' feature
/// maps (K·C → C, discriminative dimensionality reduction), then BN and ReLU. Init as the paper: the own task's
/// block of the weight is 0.9·I, each other task's block (0.1/(K − 1))·I (I when K = 1).
/// </summary>
public sealed class NddrLayer : Module<Tensor, Tensor>
{
    public readonly Conv2d conv;
    private readonly SafeBatchNorm2d bn;

    public const double SelfInit = 0.9;

    public NddrLayer(string name, int tasks, int ownTask, long channels) : base(name)
    {
        conv = Conv2d(tasks * channels, channels, 1, bias: false);
        bn = new SafeBatchNorm2d(channels);
        using (no_grad())
        {
            // weight[o, j·C + c] = w[o, j, c]: a scaled identity block per task j.
            using var w = zeros(channels, tasks, channels);
            using var eye = torch.eye(channels);
            for (int j = 0; j < tasks; j++)
            {
                double value = j == ownTask ? (tasks == 1 ? 1.0 : SelfInit) : (1 - SelfInit) / (tasks - 1);
                using var block = w.select(1, j);
                using var scaled = eye * value;
                block.copy_(scaled);
            }
            using var flat = w.view(channels, tasks * channels, 1, 1);
            conv.weight!.copy_(flat);
        }
        RegisterComponents();
    }

    /// <summary>x: the K tasks' maps concatenated along channels (task order).</summary>
    public override Tensor forward(Tensor x)
    {
        using var a = conv.call(x);
        using var b = bn.call(a);
        return functional.relu(b);
    }
}
