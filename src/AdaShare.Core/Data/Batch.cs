using static TorchSharp.torch;

namespace AdaShare.Data;

/// <summary>A batch on the training device: images B×3×H×W and, per target name, B×C×H×W maps.</summary>
public sealed class Batch(Tensor images, IReadOnlyDictionary<string, Tensor> targets) : IDisposable
{
    public Tensor Images { get; } = images;
    public IReadOnlyDictionary<string, Tensor> Targets { get; } = targets;
    public long Size => Images.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        foreach (var t in Targets.Values)
            t.Dispose();
    }
}
