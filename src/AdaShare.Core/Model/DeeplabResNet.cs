using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Model;

/// <summary>
/// Deeplab-v2 dilated ResNet trunk with BasicBlocks: stem (7×7/2 conv, BN, ReLU, 3×3/2 max-pool, ceil mode) then
/// L residual blocks, flattened so a policy can address block l directly. Output stride 8. The same module, with the
/// same parameter names, is the plain torchvision ResNet (output stride 32) and may carry task-specific batch norms
/// (see <see cref="BackboneSpec"/>).
/// </summary>
public sealed class DeeplabResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Module<Tensor, Tensor> bn1;
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
        bn1 = BasicBlock.Norm(spec.StemChannels, spec.TaskNorms);
        pool = MaxPool2d(3, stride: 2, padding: 1, ceil_mode: spec.CeilModePool);
        blocks = new ModuleList<BasicBlock>();
        var stages = new List<int>();
        long inCh = spec.StemChannels;
        for (int s = 0; s < spec.BlocksPerStage.Length; s++)
        {
            for (int b = 0; b < spec.BlocksPerStage[s]; b++)
            {
                long stride = b == 0 ? spec.Strides[s] : 1;
                blocks.Add(new BasicBlock($"block{blocks.Count}", inCh, spec.Channels[s], stride, spec.Dilations[s], spec.TaskNorms));
                stages.Add(s);
                inCh = spec.Channels[s];
            }
        }
        StageOfBlock = stages;
        RegisterComponents();
        taskNorms = modules().OfType<TaskBatchNorm2d>().ToArray();
        Initialise();
    }

    private readonly TaskBatchNorm2d[] taskNorms;

    /// <summary>True when every task has its own batch norms: a task's features then depend on which task runs.</summary>
    public bool HasTaskNorms => taskNorms.Length > 0;

    /// <summary>Makes every task-specific batch norm use task <paramref name="task"/>'s copy (no-op with shared norms).</summary>
    public void SelectTask(int task)
    {
        foreach (var bn in taskNorms)
            bn.Active = task;
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
