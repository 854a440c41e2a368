using AdaShare.Config;

namespace AdaShare.Model;

/// <summary>
/// The shape of the ResNet trunk: blocks per stage, channels, strides and dilations. The default is Deeplab-v2's
/// dilated trunk (strides [1, 2, 1, 1], dilations [1, 1, 2, 4], output stride 8, ceil-mode max-pool); the plain
/// torchvision ResNet (strides [1, 2, 2, 2], no dilation, output stride 32, floor-mode pool) is the paper's DomainNet
/// trunk. <see cref="TaskNorms"/> &gt; 0 gives every task its own batch norms (DomainNet), 0 shares them.
/// </summary>
public sealed record BackboneSpec(int[] BlocksPerStage, int[] Channels, int[] Strides, int[] Dilations, int StemChannels, bool CeilModePool = true, int TaskNorms = 0)
{
    public int BlockCount => BlocksPerStage.Sum();

    public static BackboneSpec Create(string name, double width, bool dilated = true, int taskNorms = 0)
    {
        int[] blocks = name switch
        {
            "resnet18" => new[] { 2, 2, 2, 2 },
            "resnet34" => new[] { 3, 4, 6, 3 },
            _ => throw new ArgumentException($"unknown backbone '{name}' (resnet18 or resnet34)"),
        };
        int Scale(int c) => Math.Max(4, (int)Math.Round(c * width));
        int[] channels = [Scale(64), Scale(128), Scale(256), Scale(512)];
        return dilated
            ? new BackboneSpec(blocks, channels, [1, 2, 1, 1], [1, 1, 2, 4], Scale(64), CeilModePool: true, taskNorms)
            : new BackboneSpec(blocks, channels, [1, 2, 2, 2], [1, 1, 1, 1], Scale(64), CeilModePool: false, taskNorms);
    }

    /// <summary>The trunk a config asks for (model.backbone, width, dilated, task_batch_norm) for <paramref name="tasks"/> tasks.</summary>
    public static BackboneSpec FromConfig(ModelConfig config, int tasks) =>
        Create(config.Backbone, config.Width, config.Dilated, config.TaskBatchNorm ? tasks : 0);
}
