using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>What connects K task trunks after a stage (a cross-stitch unit, an NDDR stage): K maps in, K maps out.</summary>
public interface IStageMixer
{
    /// <summary>Mixes the K task feature maps of one stage (each B×C×H×W); the inputs are not disposed.</summary>
    Tensor[] Mix(IReadOnlyList<Tensor> stageOutputs);
}
