using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>
/// The beta of a sluice network (Ruder et al. 2019): each task's head reads a learned mixture of the task's outputs of
/// all S stages, h_k = Σ_s β[k, s]·P_s(h_k^(s)), instead of only the last stage's. Stages differ in width and (stage 1)
/// resolution, so P_s is a 1×1 convolution to the last stage's channels (no bias, shared by the tasks) followed by
/// average pooling to its size; P_(S−1) is the identity. Init: β = 1/S for every stage.
/// </summary>
public sealed class SluiceLayerMix : nn.Module
{
    public readonly Parameter beta;
    public readonly ModuleList<Conv2d> projections = new();

    public SluiceLayerMix(string name, int tasks, IReadOnlyList<long> stageChannels) : base(name)
    {
        int stages = stageChannels.Count;
        beta = new Parameter(full(tasks, stages, 1.0 / stages));
        for (int s = 0; s < stages - 1; s++)
            projections.Add(nn.Conv2d(stageChannels[s], stageChannels[^1], 1, bias: false));
        RegisterComponents();
    }

    /// <summary><paramref name="stageOutputs"/>[s][k]: task k's (mixed) output of stage s. Returns the K head inputs;
    /// the inputs are not disposed.</summary>
    public Tensor[] Mix(IReadOnlyList<Tensor[]> stageOutputs)
    {
        var last = stageOutputs[^1];
        var outputs = new Tensor[last.Length];
        for (int k = 0; k < last.Length; k++)
        {
            long h = last[k].shape[2], w = last[k].shape[3];
            using var b = beta[k, stageOutputs.Count - 1];
            var sum = last[k] * b;
            for (int s = 0; s < stageOutputs.Count - 1; s++)
            {
                using var projected = projections[s].call(stageOutputs[s][k]);
                using var resized = projected.shape[2] == h && projected.shape[3] == w
                    ? projected.alias()
                    : nn.functional.adaptive_avg_pool2d(projected, new[] { h, w });
                using var bs = beta[k, s];
                using var term = resized * bs;
                var next = sum + term;
                sum.Dispose();
                sum = next;
            }
            outputs[k] = sum;
        }
        return outputs;
    }
}
