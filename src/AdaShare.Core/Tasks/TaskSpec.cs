using AdaShare.Data;

namespace AdaShare.Tasks;

/// <summary>A task of an experiment: its name, kind, the dataset target it learns, head channels and loss weight λ.</summary>
public sealed record TaskSpec(string Name, ITaskKind Kind, TargetInfo Target, int OutputChannels, double LossWeight)
{
    /// <summary>Binds config task entries to a dataset's targets, with a clear error when a target is missing.</summary>
    public static IReadOnlyList<TaskSpec> Bind(IEnumerable<Config.TaskConfig> tasks, IMultiTaskDataset dataset)
    {
        var list = new List<TaskSpec>();
        foreach (var t in tasks)
        {
            var kind = TaskKinds.Get(t.Kind ?? t.Name);
            string targetName = t.Target ?? t.Name;
            var target = dataset.Targets.FirstOrDefault(x => x.Name == targetName)
                         ?? throw new Config.ConfigException(
                             $"task '{t.Name}': dataset '{dataset.Name}' has no target '{targetName}' (it has: {string.Join(", ", dataset.Targets.Select(x => x.Name))})");
            list.Add(new TaskSpec(t.Name, kind, target, kind.OutputChannels(target), t.Weight));
        }
        return list;
    }
}
