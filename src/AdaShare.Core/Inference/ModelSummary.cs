using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Inference;

/// <summary>One block of the trunk in a summary: which tasks execute it and its parameter count.</summary>
public sealed record BlockUse(int Block, int Stage, IReadOnlyList<string> ExecutedBy, long Parameters)
{
    public string Role => ExecutedBy.Count switch
    {
        0 => "unused",
        1 => "task-specific",
        _ => "shared",
    };
}

/// <summary>
/// What a model with a fixed policy is made of: blocks × tasks (executed, skipped, shared by whom), parameters and
/// multiply-adds per task path and in total, and the split of the deployed parameters into shared (stem and blocks
/// two or more tasks execute) and task-specific (blocks one task executes, heads).
/// </summary>
public sealed record ModelSummary(
    TaskPolicy Policy,
    IReadOnlyList<BlockUse> Blocks,
    ModelCost Cost,
    long SharedParameters,
    long TaskSpecificParameters,
    long HardSharingParameters,
    long SingleTaskParameters)
{
    public static ModelSummary Build(Config.ExperimentConfig config, MultiTaskNet net, TaskPolicy policy)
    {
        var taskNames = net.Tasks.Select(t => t.Name).ToList();
        long Count(TorchSharp.torch.nn.Module m) => m.parameters().Sum(p => p.numel());
        var blocks = new List<BlockUse>();
        for (int l = 0; l < net.BlockCount; l++)
            blocks.Add(new BlockUse(l, net.backbone.StageOfBlock[l], policy.TasksExecuting(l).Select(k => policy.TaskNames[k]).ToList(), Count(net.backbone.blocks[l])));
        var device = net.parameters().First().device;
        var cost = ModelCost.Measure(new GatedModel(net, policy), taskNames, config.Data.Height, config.Data.Width, device);
        long heads = Count(net.heads);
        long taskSpecific = heads + blocks.Where(b => b.Role == "task-specific").Sum(b => b.Parameters);
        // K single-task networks: a whole trunk each, plus the heads.
        long singleTask = taskNames.Count * Count(net.backbone) + heads;
        return new ModelSummary(policy, blocks, cost, cost.Parameters - taskSpecific, taskSpecific, net.CountParameters(null), singleTask);
    }
}
