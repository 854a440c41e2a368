using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Tests.Model;

public class BackboneVariantTests
{
    private static IReadOnlyList<TaskSpec> Classifiers(int views) =>
        Enumerable.Range(0, 2).Select(k => new TaskSpec($"d{k}", TaskKinds.Get("classification"),
            new TargetInfo($"d{k}", 1, ["a", "b", "c"], null, views > 1 ? k : 0), 3, 1.0)).ToList();

    [Fact]
    public void Plain_resnet34_has_16_blocks_output_stride_32_and_the_dilated_ones_names()
    {
        var plain = BackboneSpec.Create("resnet34", 1.0, dilated: false);
        Assert.Equal(16, plain.BlockCount);
        Assert.Equal(new[] { 1, 2, 2, 2 }, plain.Strides);
        Assert.Equal(new[] { 1, 1, 1, 1 }, plain.Dilations);
        using var net = new DeeplabResNet("b", BackboneSpec.Create("resnet34", 0.125, dilated: false));
        using var dilated = new DeeplabResNet("b", BackboneSpec.Create("resnet34", 0.125));
        using var x = randn(1, 3, 224, 224);
        using var y = net.forward(x);
        Assert.Equal(new long[] { 1, 64, 7, 7 }, y.shape); // torchvision: 224 → 7
        Assert.Equal(dilated.named_parameters().Select(p => p.name), net.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Task_batch_norm_keeps_one_copy_per_task_and_each_task_uses_its_own()
    {
        var config = new ModelConfig { Backbone = "resnet18", Width = 0.125, Dilated = false, TaskBatchNorm = true };
        using var net = new MultiTaskNet("n", config, Classifiers(1));
        Assert.Contains("backbone.bn1.tasks.1.weight", net.named_parameters().Select(p => p.name));
        Assert.Contains("backbone.blocks.2.downsample.1.tasks.0.running_mean", net.named_buffers().Select(b => b.name));
        using (no_grad())
            foreach (var (name, p) in net.named_parameters().Where(p => p.name.Contains("tasks.1.bias", StringComparison.Ordinal)))
                p.add_(0.5);
        net.eval();
        using var x = randn(2, 3, 32, 32);
        var outputs = net.Forward(x);
        var naive = net.ForwardNaive(x);
        Assert.True(outputs[1].allclose(naive[1], 1e-5, 1e-5));
        Assert.True(outputs[0].allclose(naive[0], 1e-5, 1e-5));
    }

    [Fact]
    public void With_task_batch_norm_only_the_tasks_own_norms_move_its_output()
    {
        var config = new ModelConfig { Backbone = "resnet18", Width = 0.125, Dilated = false, TaskBatchNorm = true };
        manual_seed(6);
        using var net = new MultiTaskNet("n", config, Classifiers(1));
        net.eval();
        using var x = randn(2, 3, 32, 32);
        using var _ = no_grad();
        var before = net.Forward(x).Select(o => o.clone()).ToArray();
        foreach (var (name, p) in net.named_parameters().Where(p => p.name.Contains("tasks.1.bias", StringComparison.Ordinal)))
            p.add_(0.5);
        var after = net.Forward(x);
        Assert.True(before[0].allclose(after[0]), "task 0 moved with task 1's norms");
        Assert.False(before[1].allclose(after[1]), "task 1 did not use its own norms");
    }

    [Fact]
    public void With_one_view_per_task_each_task_sees_only_its_own_image()
    {
        var config = new ModelConfig { Backbone = "resnet18", Width = 0.125, Dilated = false, TaskBatchNorm = true };
        using var net = new MultiTaskNet("n", config, Classifiers(2)); // train mode: batch statistics keep the signal
        using var x = randn(2, 6, 32, 32);
        using var changed = x.clone();
        using (no_grad()) changed.narrow(1, 3, 3).mul_(-3.0);
        using var _ = no_grad();
        var a = net.Forward(x);
        var b = net.Forward(changed);
        Assert.True(a[0].allclose(b[0]), "task 0 changed when only view 1 changed");
        Assert.False(a[1].allclose(b[1]), "task 1 ignored its own view");
    }

    [Fact]
    public void Baselines_without_per_task_paths_refuse_per_task_images()
    {
        var config = new ModelConfig { Backbone = "resnet18", Width = 0.125 };
        var e = Assert.Throws<ConfigException>(() => new AdaShare.Baselines.MtanNet("mtan", config, Classifiers(2)));
        Assert.Contains("needs every task to see the same image", e.Message);
    }
}
