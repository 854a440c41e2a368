namespace AdaShare.Model;

/// <summary>The shape of a Deeplab-style ResNet: blocks per stage, channels, strides and dilations (output stride 8).</summary>
public sealed record BackboneSpec(int[] BlocksPerStage, int[] Channels, int[] Strides, int[] Dilations, int StemChannels)
{
    public int BlockCount => BlocksPerStage.Sum();

    public static BackboneSpec Create(string name, double width)
    {
        int[] blocks = name switch
        {
            "resnet18" => new[] { 2, 2, 2, 2 },
            "resnet34" => new[] { 3, 4, 6, 3 },
            _ => throw new ArgumentException($"unknown backbone '{name}' (resnet18 or resnet34)"),
        };
        int Scale(int c) => Math.Max(4, (int)Math.Round(c * width));
        return new BackboneSpec(blocks, new[] { Scale(64), Scale(128), Scale(256), Scale(512) }, new[] { 1, 2, 1, 1 }, new[] { 1, 1, 2, 4 }, Scale(64));
    }
}
