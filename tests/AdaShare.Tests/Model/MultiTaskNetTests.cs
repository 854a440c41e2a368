using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Tests.Model;

public class MultiTaskNetTests
{
    private static MultiTaskNet Tiny(out IReadOnlyList<TaskSpec> tasks, string backbone = "resnet18")
    {
        manual_seed(5);
        var seg = new TargetInfo(TargetNames.Segmentation, 1, new[] { "a", "b", "c" });
        tasks = new[]
        {
            new TaskSpec("segmentation", TaskKinds.Get("segmentation"), seg, 3, 1),
            new TaskSpec("depth", TaskKinds.Get("depth"), new TargetInfo(TargetNames.Depth, 1), 1, 1),
            new TaskSpec("normal", TaskKinds.Get("normal"), new TargetInfo(TargetNames.Normal, 3), 3, 1),
        };
        var config = new ModelConfig { Backbone = backbone, Width = 0.125, HeadChannels = 8, AsppDilations = new() { 1, 2 }, HeadDropout = 0 };
        var net = new MultiTaskNet("net", config, tasks);
        net.eval();
        return net;
    }

    [Fact]
    public void BackboneHasOutputStride8WithCeilModePoolingAndTheRightBlockCount()
    {
        using var net = Tiny(out _);
        Assert.Equal(8, net.BlockCount);
        using var x = randn(2, 3, 64, 80);
        using var y = net.backbone.forward(x);
        // conv/2 → 32×40, max-pool 3/2 pad 1 ceil mode → 17×21 (as the official Deeplab code), stage 2 /2 → 9×11.
        Assert.Equal(new long[] { 2, 64, 9, 11 }, y.shape);
        using var odd = randn(1, 3, 65, 81);
        using var yOdd = net.backbone.forward(odd);
        Assert.Equal(new long[] { 1, 64, 9, 11 }, yOdd.shape);
        using var net34 = Tiny(out _, "resnet34");
        Assert.Equal(16, net34.BlockCount);
    }

    [Fact]
    public void SkippedBlockOutputsItsShortcut()
    {
        using var net = Tiny(out _);
        using var x = randn(2, 8, 16, 16);
        var identityBlock = net.backbone.blocks[1];  // 8→8 channels, stride 1: identity shortcut
        using var zero = tensor(0f);
        using var skipped = identityBlock.Gated(x, zero);
        Assert.True(skipped.allclose(x, atol: 1e-6));
        var projectionBlock = net.backbone.blocks[2]; // 8→16, stride 2: projection shortcut
        using var skippedProj = projectionBlock.Gated(x, zero);
        using var shortcut = projectionBlock.Shortcut(x);
        Assert.True(skippedProj.allclose(shortcut, atol: 1e-6));
        Assert.Equal(new long[] { 2, 16, 8, 8 }, skippedProj.shape);
    }

    [Fact]
    public void SelectingAllBlocksEqualsThePlainResNet()
    {
        using var net = Tiny(out _);
        using var x = randn(2, 3, 32, 32);
        using var noGrad = no_grad();
        using var plain = net.backbone.forward(x);
        var gates = GateSet.AllExecute(3, net.BlockCount);
        using var one = ones(1);
        for (int l = 0; l < net.BlockCount; l++)
            gates[1, l] = BlockGate.Soft(one);
        var features = net.SharedFeatures(x, gates);
        Assert.True(features[0].allclose(plain, atol: 1e-6));
        Assert.True(features[1].allclose(plain, atol: 1e-5));
    }

    [Fact]
    public void SharedPrefixExecutionEqualsNaiveExecutionWithGradients()
    {
        using var net = Tiny(out _);
        net.train();
        using var x = randn(2, 3, 32, 32);
        var gates = new GateSet(3, net.BlockCount);
        using var soft = tensor(0.3f).requires_grad_();
        var pattern = new[] { "EEEESESE", "EEEEESSE", "EEEESSEE" };
        for (int k = 0; k < 3; k++)
            for (int l = 0; l < net.BlockCount; l++)
                gates[k, l] = pattern[k][l] == 'E' ? BlockGate.Execute : BlockGate.Skip;
        gates[2, 7] = BlockGate.Soft(soft);

        var shared = net.Forward(x, gates);
        using var lossShared = shared.Select(o => o.square().mean()).Aggregate((a, b) => a + b);
        lossShared.backward();
        var gradShared = net.parameters().Select(p => p.grad?.clone()).ToList();
        var softGradShared = soft.grad!.item<float>();
        net.zero_grad();
        soft.grad!.zero_();

        // BN in train mode uses batch statistics, identical for both paths (the running stats differ only in update count).
        var naive = net.ForwardNaive(x, gates);
        using var lossNaive = naive.Select(o => o.square().mean()).Aggregate((a, b) => a + b);
        lossNaive.backward();
        for (int k = 0; k < 3; k++)
            Assert.True(shared[k].allclose(naive[k], rtol: 1e-4, atol: 1e-6), $"task {k} output differs");
        var gradNaive = net.parameters().Select(p => p.grad?.clone()).ToList();
        for (int i = 0; i < gradShared.Count; i++)
        {
            if (gradShared[i] is null)
                Assert.True(gradNaive[i] is null || gradNaive[i]!.abs().max().item<float>() == 0f);
            else
                Assert.True(gradShared[i]!.allclose(gradNaive[i]!, rtol: 1e-3, atol: 1e-6), $"gradient {i} differs");
        }
        Assert.Equal(softGradShared, soft.grad!.item<float>(), 4);
    }

    [Fact]
    public void ParameterCountLeavesOutBlocksNoTaskExecutesButKeepsTheirProjection()
    {
        using var net = Tiny(out _);
        long all = net.parameters().Sum(p => p.numel());
        Assert.Equal(all, net.CountParameters(null));

        // Hand count of the tiny trunk: width 0.125 → channels 8, 16, 32, 64.
        long Conv(long i, long o, long k) => i * o * k * k;
        long Bn(long c) => 2 * c;
        long Block(long i, long o) => Conv(i, o, 3) + Bn(o) + Conv(o, o, 3) + Bn(o) + (i != o ? Conv(i, o, 1) + Bn(o) : 0);
        long stem = Conv(3, 8, 7) + Bn(8);
        long trunk = stem + Block(8, 8) * 2 + Block(8, 16) + Block(16, 16) + Block(16, 32) + Block(32, 32) + Block(32, 64) + Block(64, 64);
        Assert.Equal(trunk, net.backbone.parameters().Sum(p => p.numel()));

        // Nobody executes block 2 (8→16 with projection) and block 7 (64→64): block 2 keeps its projection.
        var execute = new bool[3, 8];
        for (int k = 0; k < 3; k++)
            for (int l = 0; l < 8; l++)
                execute[k, l] = l != 2 && l != 7;
        var policy = new TaskPolicy(new[] { "segmentation", "depth", "normal" }, execute);
        long expected = all - (Block(8, 16) - Conv(8, 16, 1) - Bn(16)) - Block(64, 64);
        Assert.Equal(expected, net.CountParameters(policy));
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(3, 7)]
    public void GatesOfTheWrongShapeAreRejected(int tasks, int blocks)
    {
        using var net = Tiny(out _);
        using var x = randn(1, 3, 16, 16);
        var e = Assert.Throws<ArgumentException>(() => net.Forward(x, GateSet.AllExecute(tasks, blocks)));
        Assert.Contains($"gates are {tasks}×{blocks}", e.Message);
    }
}
