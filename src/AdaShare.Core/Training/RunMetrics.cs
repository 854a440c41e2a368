using System.Text.Json;
using AdaShare.Data;
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

    /// <summary>AdaShare: every re-trained candidate on the test split, the selected one marked (the paper's protocol
    /// re-trains N samples; their spread is the architecture-sampling noise).</summary>
    public List<CandidateTestMetrics>? Candidates { get; set; }

    /// <summary>Per task, mean ± std of each metric over the re-trained Bernoulli samples (sample-*; argmax excluded).</summary>
    public Dictionary<string, List<MetricSummary>>? SampleSummary { get; set; }

    /// <summary>AdaShare: how decided the learned distribution was at the end of policy learning.</summary>
    public Model.Policy.PolicyDecisiveness? Decisiveness { get; set; }

    /// <summary>Decisions in which the selected (re-trained) policy differs from the argmax of the learned distribution.</summary>
    public int? SelectedDistanceFromArgmax { get; set; }

    /// <summary>The data actually opened (on-disk sizes, not the config's): split sizes and the input size.</summary>
    public DataSizes? Data { get; set; }

    /// <summary>Multiply-adds of one forward pass for one image at the test split's input size (all tasks, shared work once).</summary>
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

    /// <summary>The Δ_T convention (eval.delta_t_metrics), e.g. "paper (AdaShare paper's table columns)".</summary>
    public string? DeltaTMetricSet { get; set; }

    /// <summary>Per task, the metrics entered into Δ_T.</summary>
    public Dictionary<string, List<string>>? DeltaTMetrics { get; set; }

    /// <summary>"task/metric" pairs of the set left out of Δ_T: the baseline lacks them or is 0 / non-finite there.</summary>
    public List<string>? DeltaTExcluded { get; set; }

    /// <summary>Δ_T against the single-task metrics.json at <paramref name="baselinePath"/> (the config's eval.single_task_baseline),
    /// over <paramref name="selection"/> (per task, from <paramref name="set"/>), as <c>adashare compare</c> reports it: a metric
    /// whose baseline value is 0 is left out and returned (and recorded) instead of failing the evaluation.</summary>
    public IReadOnlyList<string> CompareWithSingleTask(string baselinePath, Metrics.DeltaTMetricSet set, IReadOnlyDictionary<string, IReadOnlyList<string>> selection)
    {
        var baseline = Load(baselinePath);
        var baseTasks = baseline.Tasks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricValue>)kv.Value);
        var (usable, excluded) = Metrics.DeltaT.UsableMetrics(baseTasks, Tasks.Keys, selection);
        var perTask = new Dictionary<string, double>();
        foreach (var (task, names) in usable)
            if (names.Count > 0)
                perTask[task] = Metrics.DeltaT.ComputeTask(task, Tasks[task], baseTasks[task], names);
        DeltaT = perTask.Count > 0 ? perTask.Values.Average() : null;
        DeltaPerTask = perTask;
        DeltaTMetricSet = set.Description;
        DeltaTMetrics = usable.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
        DeltaTExcluded = excluded;
        return excluded;
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

/// <summary>Split sizes and input size of the datasets a run opened.</summary>
public sealed record DataSizes(int Train, int Val, int Test, int Height, int Width)
{
    public static DataSizes Of(DataSplits data) => new(data.Train.Count, data.Val.Count, data.Test.Count, data.Test.Height, data.Test.Width);
}

/// <summary>One re-trained candidate's test metrics.</summary>
public sealed class CandidateTestMetrics
{
    public string Name { get; set; } = "";
    public bool Selected { get; set; }
    public double? ValScore { get; set; }
    public int? DistanceFromArgmax { get; set; }
    public Dictionary<string, List<MetricValue>> Tasks { get; set; } = new();
}

/// <summary>Mean and sample standard deviation of one metric over several re-trained samples.</summary>
public sealed record MetricSummary(string Name, double Mean, double Std, int Count, bool HigherIsBetter);
