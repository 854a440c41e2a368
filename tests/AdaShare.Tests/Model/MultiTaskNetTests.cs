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
    public void PerImageGatesRunEachImageThroughItsOwnArchitecture()
    {
        // policy.gumbel_draw: image — a gate of shape N×1×1×1: image i's features must equal a forward of image i alone
        // with the scalar gates of row i (eval mode: batch norm does not mix the images).
        using var net = Tiny(out _);
        using var x = randn(2, 3, 32, 32);
        using var noGrad = no_grad();
        using var perImage = tensor(new float[] { 1f, 0f }).reshape(2, 1, 1, 1);
        using var partial = tensor(new float[] { 0.25f, 0.75f }).reshape(2, 1, 1, 1);
        var batched = GateSet.AllExecute(3, net.BlockCount);
        batched[0, 3] = BlockGate.Soft(perImage);
        batched[1, 5] = BlockGate.Soft(partial);
        batched[2, 6] = BlockGate.Soft(perImage);
        var features = net.SharedFeatures(x, batched);
        var scalars = new[] { (1f, 0.25f), (0f, 0.75f) };
        for (int i = 0; i < 2; i++)
        {
            using var one = tensor(scalars[i].Item1);
            using var mix = tensor(scalars[i].Item2);
            var single = GateSet.AllExecute(3, net.BlockCount);
            single[0, 3] = BlockGate.Soft(one);
            single[1, 5] = BlockGate.Soft(mix);
            single[2, 6] = BlockGate.Soft(one);
            using var xi = x.narrow(0, i, 1);
            var alone = net.SharedFeatures(xi, single);
            for (int k = 0; k < 3; k++)
            {
                using var row = features[k].narrow(0, i, 1);
                Assert.True(row.allclose(alone[k], atol: 1e-5), $"image {i}, task {k}");
            }
        }
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

/// <summary>MultiTaskNet's structure: head per task kind, separate paths, group bookkeeping and parameter counts.</summary>
public class MultiTaskNetStructureTests
{
    private static readonly ModelConfig Config = new() { Backbone = "resnet18", Width = 0.125, HeadChannels = 8, AsppDilations = new() { 1, 2 }, HeadDropout = 0 };

    private static TaskSpec Dense(string name, int view = 0) =>
        new(name, TaskKinds.Get("depth"), new TargetInfo(TargetNames.Depth, 1, null, null, view), 1, 1);

    private static TaskSpec Label(string name, int view = 0) =>
        new(name, TaskKinds.Get("classification"), new TargetInfo(name, 1, ["a", "b", "c"], null, view), 3, 1);

    [Fact]
    public void DenseTasksGetAnAsppHeadAndImageLevelTasksAClassifier()
    {
        manual_seed(2);
        using var net = new MultiTaskNet("n", Config, [Dense("depth"), Label("label")]);
        net.eval();
        using var x = randn(2, 3, 32, 32);
        var outputs = net.Forward(x);
        Assert.Equal(new long[] { 2, 1, 5, 5 }, outputs[0].shape); // stride 8 with ceil-mode pooling
        Assert.Equal(new long[] { 2, 3 }, outputs[1].shape);
    }

    [Fact]
    public void OneTaskWithItsOwnViewMakesThePathsSeparateAndAThreeChannelImageServesEveryView()
    {
        using var shared = new MultiTaskNet("n", Config, [Dense("a"), Dense("b")]);
        Assert.False(shared.SeparatePaths);
        manual_seed(3);
        using var views = new MultiTaskNet("n", Config, [Dense("a"), Dense("b", view: 1)]);
        Assert.True(views.SeparatePaths);
        views.eval();
        // One image for every task (e.g. predicting a user's photo): both paths read the same three channels.
        using var image = randn(1, 3, 32, 32);
        var outputs = views.Forward(image);
        using var twice = cat(new[] { image, image }, 1);
        var fromViews = views.Forward(twice);
        Assert.True(outputs[1].allclose(fromViews[1], atol: 1e-6));
    }

    [Fact]
    public void ABlockNoTaskSkipsAddsNoGroupThatRecomputesTheNextShortcut()
    {
        manual_seed(4);
        using var net = new MultiTaskNet("n", Config, [Dense("a"), Dense("b")]);
        net.eval();
        // Block 2 (8 → 16 channels) has a projection; count its runs when every task executes every block.
        var projection = (nn.Module<Tensor, Tensor>)net.backbone.blocks[2].named_modules().Single(m => m.name == "downsample.0").module;
        int runs = 0;
        var hook = projection.register_forward_hook((_, _, output) => { runs++; return output; });
        try
        {
            using var _ = no_grad();
            using var x = randn(1, 3, 32, 32);
            net.Forward(x);
        }
        finally
        {
            hook.remove();
        }
        Assert.Equal(1, runs);
    }

    [Fact]
    public void ABlockOneTaskExecutesCountsWhole()
    {
        using var net = new MultiTaskNet("n", Config, [Dense("a"), Dense("b")]);
        var execute = new bool[2, net.BlockCount];
        for (int l = 0; l < net.BlockCount; l++)
            execute[0, l] = true; // task a executes everything, task b nothing
        var policy = new TaskPolicy(["a", "b"], execute);
        Assert.Equal(net.CountParameters(null), net.CountParameters(policy));
        Assert.True(net.CountParameters(new TaskPolicy(["a", "b"], new bool[2, net.BlockCount])) < net.CountParameters(null));
    }
}
