using System.Text.Json;
using AdaShare.Metrics;

namespace AdaShare.Training;

/// <summary>metrics.json of a run: per-task metrics on a split, Δ_T when a baseline is known, and model size.</summary>
public sealed class RunMetrics
{
    /// <summary>The method that produced the run (adashare or a baseline).</summary>
    public string Method { get; set; } = "";
    public string Split { get; set; } = "test";
    public string Policy { get; set; } = "";
    public string MetricsMode { get; set; } = "standard";
    public Dictionary<string, List<MetricValue>> Tasks { get; set; } = new();
    public double? DeltaT { get; set; }
    public Dictionary<string, double>? DeltaPerTask { get; set; }
    public ParameterCounts Parameters { get; set; } = new();
    public int SharedBlocks { get; set; }
    public int TaskSpecificBlocks { get; set; }
    public int UnusedBlocks { get; set; }
    public double ExecuteRate { get; set; }

    /// <summary>Multiply-adds of one forward pass for one image at data.height×width (all tasks, shared work once).</summary>
    public long? MultiplyAdds { get; set; }

    /// <summary>Per task: multiply-adds of the path that task's output depends on (the task served alone).</summary>
    public Dictionary<string, long>? MultiplyAddsPerTask { get; set; }

    /// <summary>Records how many blocks a fixed policy shares, keeps task-specific or leaves unused.</summary>
    public void DescribePolicy(Model.Policy.TaskPolicy policy)
    {
        SharedBlocks = policy.SharedByAll;
        TaskSpecificBlocks = policy.TaskSpecific;
        UnusedBlocks = policy.Unused;
        ExecuteRate = policy.ExecuteRate;
    }

    /// <summary>Δ_T against the single-task metrics.json at <paramref name="baselinePath"/> (the config's eval.single_task_baseline),
    /// over the standard metrics of each task's target, as <c>adashare compare</c> reports it.</summary>
    public void CompareWithSingleTask(string baselinePath, IReadOnlyDictionary<string, IReadOnlyList<string>> metricSelection)
    {
        var baseline = Load(baselinePath);
        var delta = Metrics.DeltaT.Compute(
            Tasks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricValue>)kv.Value),
            baseline.Tasks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricValue>)kv.Value),
            metricSelection);
        DeltaT = delta.Overall;
        DeltaPerTask = delta.PerTask.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public static RunMetrics Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"metrics file not found: {path}");
        try
        {
            return JsonSerializer.Deserialize<RunMetrics>(File.ReadAllText(path), RunDirectory.Json)
                   ?? throw new InvalidDataException($"{path}: empty metrics file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a metrics.json file: {e.Message}", e);
        }
    }
}

public sealed class ParameterCounts
{
    /// <summary>The deployed model: stem, blocks some task executes, needed projections, heads.</summary>
    public long Model { get; set; }

    /// <summary>The same network with every block shared by every task.</summary>
    public long HardSharing { get; set; }

    /// <summary>K independent single-task networks.</summary>
    public long SingleTaskTotal { get; set; }

    /// <summary>Per task: parameters the path to that task's output uses (the task served alone).</summary>
    public Dictionary<string, long>? PerTask { get; set; }
}
