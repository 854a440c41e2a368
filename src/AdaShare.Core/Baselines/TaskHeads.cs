using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>One head per task, exactly as <see cref="MultiTaskNet"/> builds them, so every baseline has AdaShare's heads.</summary>
public static class TaskHeads
{
    public static ModuleList<nn.Module<Tensor, Tensor>> Create(ModelConfig config, IReadOnlyList<TaskSpec> tasks, long inChannels)
    {
        var heads = new ModuleList<nn.Module<Tensor, Tensor>>();
        foreach (var task in tasks)
        {
            heads.Add(task.Kind.IsDense
                ? new AsppHead(task.Name, inChannels, config.HeadChannels, task.OutputChannels, config.AsppDilations, config.HeadDropout)
                : new ClassifierHead(task.Name, inChannels, task.OutputChannels));
        }
        return heads;
    }
}
