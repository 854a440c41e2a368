using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaShare.Model.Policy;

/// <summary>A fixed select-or-skip policy: for every task and block, whether the task executes the block.</summary>
public sealed class TaskPolicy
{
    private readonly bool[,] execute;

    public TaskPolicy(IReadOnlyList<string> taskNames, bool[,] execute)
    {
        if (execute.GetLength(0) != taskNames.Count)
            throw new ArgumentException($"policy has {execute.GetLength(0)} task rows for {taskNames.Count} tasks");
        TaskNames = taskNames;
        this.execute = (bool[,])execute.Clone();
    }

    public IReadOnlyList<string> TaskNames { get; }
    public int Tasks => execute.GetLength(0);
    public int Blocks => execute.GetLength(1);

    public bool Executes(int task, int block) => execute[task, block];

    public static TaskPolicy AllExecute(IReadOnlyList<string> taskNames, int blocks)
    {
        var e = new bool[taskNames.Count, blocks];
        for (int k = 0; k < taskNames.Count; k++)
            for (int l = 0; l < blocks; l++)
                e[k, l] = true;
        return new TaskPolicy(taskNames, e);
    }

    /// <summary>Tasks that execute block l.</summary>
    public IEnumerable<int> TasksExecuting(int block) => Enumerable.Range(0, Tasks).Where(k => execute[k, block]);

    /// <summary>Blocks executed by every task / by exactly one / by none.</summary>
    public int SharedByAll => Enumerable.Range(0, Blocks).Count(l => TasksExecuting(l).Count() == Tasks);
    public int TaskSpecific => Enumerable.Range(0, Blocks).Count(l => TasksExecuting(l).Count() == 1);
    public int Unused => Enumerable.Range(0, Blocks).Count(l => !TasksExecuting(l).Any());

    /// <summary>Fraction of (task, block) decisions that execute.</summary>
    public double ExecuteRate => Enumerable.Range(0, Tasks).Sum(k => Enumerable.Range(0, Blocks).Count(l => execute[k, l])) / (double)(Tasks * Blocks);

    public string Key => string.Join("|", Enumerable.Range(0, Tasks).Select(k =>
        new string(Enumerable.Range(0, Blocks).Select(l => execute[k, l] ? '1' : '0').ToArray())));

    public bool SameAs(TaskPolicy other) => Key == other.Key && TaskNames.SequenceEqual(other.TaskNames);

    private sealed record Dto(
        [property: JsonPropertyName("tasks")] List<string> Tasks,
        [property: JsonPropertyName("blocks")] int Blocks,
        [property: JsonPropertyName("execute")] Dictionary<string, List<int>> Execute);

    public string ToJson()
    {
        var dto = new Dto(TaskNames.ToList(), Blocks, Enumerable.Range(0, Tasks).ToDictionary(
            k => TaskNames[k], k => Enumerable.Range(0, Blocks).Select(l => execute[k, l] ? 1 : 0).ToList()));
        // Stryker disable once Boolean,Initializer : formatting only; FromJson reads both
        return JsonSerializer.Serialize(dto, new JsonSerializerOptions { WriteIndented = true });
    }

    public static TaskPolicy FromJson(string json, string source = "policy")
    {
        Dto dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(json) ?? throw new InvalidDataException($"{source}: empty policy");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a policy file: {e.Message}", e);
        }
        if (dto.Tasks == null || dto.Execute == null)
            throw new InvalidDataException($"{source}: a policy needs 'tasks', 'blocks' and 'execute'");
        var e2 = new bool[dto.Tasks.Count, dto.Blocks];
        for (int k = 0; k < dto.Tasks.Count; k++)
        {
            if (!dto.Execute.TryGetValue(dto.Tasks[k], out var row) || row.Count != dto.Blocks)
                throw new InvalidDataException($"{source}: task '{dto.Tasks[k]}' needs {dto.Blocks} decisions");
            for (int l = 0; l < dto.Blocks; l++)
                e2[k, l] = row[l] switch
                {
                    1 => true,
                    0 => false,
                    _ => throw new InvalidDataException($"{source}: decision {row[l]} of task '{dto.Tasks[k]}' block {l} is not 0 or 1"),
                };
        }
        return new TaskPolicy(dto.Tasks, e2);
    }
}
