using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>The NDDR layers of one stage, one per task, each reading the concatenation of all tasks' maps.</summary>
public sealed class NddrStage : nn.Module, IStageMixer
{
    public readonly ModuleList<NddrLayer> layers = new();

    public NddrStage(string name, int tasks, long channels) : base(name)
    {
        for (int k = 0; k < tasks; k++)
            layers.Add(new NddrLayer($"task{k}", tasks, k, channels));
        RegisterComponents();
    }

    public Tensor[] Mix(IReadOnlyList<Tensor> stageOutputs)
    {
        using var all = cat(stageOutputs.ToArray(), 1);
        return layers.Select(layer => layer.call(all)).ToArray();
    }
}
