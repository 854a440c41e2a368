using AdaShare.Config;
using AdaShare.Tasks;

namespace AdaShare.Baselines;

/// <summary>
/// Cross-stitch, NDDR, MTAN and stochastic depth run one trunk pass for all tasks on one image; a dataset with one
/// image per task (domainnet) or task-specific batch norms does not fit them. Refuse with a config error rather than
/// fail inside a convolution.
/// </summary>
public static class SharedImageRequirement
{
    public static void Check(string method, ModelConfig config, IReadOnlyList<TaskSpec> tasks)
    {
        if (tasks.Any(t => t.Target.View != 0))
            throw new ConfigException($"method: '{method}' needs every task to see the same image; this dataset gives each task its own images (use adashare, hard-sharing, single-task or random-policy)");
        if (config.TaskBatchNorm)
            throw new ConfigException($"model.task_batch_norm: method '{method}' has no task-specific batch norms (use adashare, hard-sharing, single-task or random-policy)");
    }
}
