using System.Globalization;
using System.Text;
using AdaShare.Config;
using AdaShare.Metrics;
using AdaShare.Training;

namespace AdaShare.Comparison;

/// <summary>One method's line of a comparison: its metrics, Δ_T against single-task, and its size.</summary>
public sealed record ComparisonRow(string Method, RunMetrics Metrics, double? DeltaT, IReadOnlyDictionary<string, double>? DeltaPerTask);

/// <summary>A metric column: task, metric name, direction.</summary>
public sealed record MetricColumn(string Task, string Metric, bool HigherIsBetter);

/// <summary>
/// The comparison of methods on one config: every metric of every task, Δ_T against the single-task run (metrics of
/// each task picked by the config's <see cref="DeltaTMetricSet"/> for its target), parameters and multiply-adds.
/// </summary>
public sealed class ComparisonTable
{
    private ComparisonTable(IReadOnlyList<string> tasks, IReadOnlyList<MetricColumn> columns, IReadOnlyList<ComparisonRow> rows, bool hasBaseline)
    {
        Tasks = tasks;
        Columns = columns;
        Rows = rows;
        HasBaseline = hasBaseline;
    }

    public IReadOnlyList<string> Tasks { get; }
    public IReadOnlyList<MetricColumn> Columns { get; }
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>False when no single-task run exists: Δ_T is then left empty.</summary>
    public bool HasBaseline { get; }

    public static ComparisonTable Build(ExperimentConfig config, IReadOnlyList<(string Method, RunMetrics Metrics)> runs, RunMetrics? singleTask)
    {
        var tasks = config.Tasks.Select(t => t.Name).ToList();
        var columns = new List<MetricColumn>();
        foreach (string task in tasks)
        {
            var source = runs.Select(r => r.Metrics.Tasks.GetValueOrDefault(task)).FirstOrDefault(v => v != null) ?? new List<MetricValue>();
            columns.AddRange(source.Select(m => new MetricColumn(task, m.Name, m.HigherIsBetter)));
        }
        var selection = DeltaTSettings.Selection(config);
        var excluded = new List<string>();
        if (singleTask != null)
        {
            // A metric whose single-task value is 0 has no relative change (e.g. a short run never reaches 11.25°):
            // it is left out of Δ_T and named in the report rather than failing the whole comparison.
            (selection, excluded) = DeltaT.UsableMetrics(
                singleTask.Tasks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricValue>)kv.Value), tasks, selection);
        }
        var rows = runs.Select(r =>
        {
            if (singleTask == null)
                return new ComparisonRow(r.Method, r.Metrics, null, null);
            var perTask = new Dictionary<string, double>();
            foreach (string task in tasks)
                if (selection[task].Count > 0)
                    perTask[task] = DeltaT.ComputeTask(task, r.Metrics.Tasks[task], singleTask.Tasks[task], selection[task]);
            return new ComparisonRow(r.Method, r.Metrics, perTask.Count > 0 ? perTask.Values.Average() : null, perTask);
        }).ToList();
        return new ComparisonTable(tasks, columns, rows, singleTask != null)
        {
            ExcludedFromDeltaT = excluded,
            MetricSet = DeltaTSettings.MetricSet(config),
            DeltaTMetrics = selection,
        };
    }

    /// <summary>The Δ_T convention of the config (eval.delta_t_metrics).</summary>
    public DeltaTMetricSet MetricSet { get; private init; } = DeltaTMetricSet.Paper;

    /// <summary>Per task, the metrics actually entered into Δ_T (after leaving out unusable baseline values).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeltaTMetrics { get; private init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>task/metric pairs left out of Δ_T because their single-task value is missing, 0 or not finite.</summary>
    public IReadOnlyList<string> ExcludedFromDeltaT { get; private init; } = Array.Empty<string>();

    public double? Value(ComparisonRow row, MetricColumn column) =>
        row.Metrics.Tasks.GetValueOrDefault(column.Task)?.FirstOrDefault(m => m.Name == column.Metric)?.Value;

    /// <summary>One row per method; numbers in invariant culture, full precision; empty cells where unknown.</summary>
    public string ToCsv()
    {
        var header = new List<string> { "method" };
        header.AddRange(Columns.Select(c => $"{c.Task}/{c.Metric}"));
        header.Add("delta_t");
        header.AddRange(Tasks.Select(t => $"delta/{t}"));
        header.Add("parameters");
        header.AddRange(Tasks.Select(t => $"parameters/{t}"));
        header.Add("multiply_adds");
        header.AddRange(Tasks.Select(t => $"multiply_adds/{t}"));
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", header.Select(Csv)));
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Method };
            cells.AddRange(Columns.Select(c => Number(Value(row, c))));
            cells.Add(Number(row.DeltaT));
            cells.AddRange(Tasks.Select(t => Number(row.DeltaPerTask?.GetValueOrDefault(t))));
            cells.Add(row.Metrics.Parameters.Model.ToString(CultureInfo.InvariantCulture));
            cells.AddRange(Tasks.Select(t => Integer(row.Metrics.Parameters.PerTask?.GetValueOrDefault(t))));
            cells.Add(Integer(row.Metrics.MultiplyAdds));
            cells.AddRange(Tasks.Select(t => Integer(row.Metrics.MultiplyAddsPerTask?.GetValueOrDefault(t))));
            sb.AppendLine(string.Join(",", cells.Select(Csv)));
        }
        return sb.ToString();
    }

    /// <summary>A Markdown table (↑ higher is better, ↓ lower is better) with Δ_T, parameters and multiply-adds.</summary>
    public string ToMarkdown(string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# {title}");
        sb.AppendLine();
        sb.AppendLine(HasBaseline
            ? $"Δ_T: mean over tasks of the mean relative change (%) of the task's metrics against the single-task run; higher is better. Metric set: {MetricSet.Description}."
            : "Δ_T: not available (no finished single-task run in this comparison).");
        if (HasBaseline)
        {
            sb.AppendLine();
            foreach (var (task, names) in DeltaTMetrics)
                sb.AppendLine($"- Δ_T metrics of {task}: {(names.Count > 0 ? string.Join(", ", names) : "none")}");
            sb.AppendLine();
        }
        if (ExcludedFromDeltaT.Count > 0)
            sb.AppendLine($"Left out of Δ_T (single-task value 0 or missing): {string.Join(", ", ExcludedFromDeltaT)}.");
        sb.AppendLine("Parameters: the deployed model. Multiply-adds: one forward pass, one image, all tasks.");
        sb.AppendLine();
        var header = Header();
        sb.AppendLine("| " + string.Join(" | ", header) + " |");
        sb.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var cells in Cells())
            sb.AppendLine("| " + string.Join(" | ", cells) + " |");
        return sb.ToString();
    }

    /// <summary>Column titles of the human-readable table (Markdown, terminal).</summary>
    public IReadOnlyList<string> Header()
    {
        var header = new List<string> { "method" };
        header.AddRange(Columns.Select(c => $"{c.Task} {c.Metric} {(c.HigherIsBetter ? "↑" : "↓")}"));
        header.Add($"Δ_T (%, {MetricSet.Name}) ↑");
        header.Add("params");
        header.Add("mult-adds");
        return header;
    }

    /// <summary>Formatted cells of the human-readable table, one list per row.</summary>
    public IEnumerable<IReadOnlyList<string>> Cells()
    {
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Method };
            cells.AddRange(Columns.Select(c => Value(row, c) is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–"));
            cells.Add(row.DeltaT is { } d ? d.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–");
            cells.Add(Scaled(row.Metrics.Parameters.Model));
            cells.Add(row.Metrics.MultiplyAdds is { } m ? Scaled(m) : "–");
            yield return cells;
        }
    }

    /// <summary>1234567 → "1.23 M".</summary>
    public static string Scaled(long n) => n switch
    {
        >= 1_000_000_000 => (n / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " G",
        >= 1_000_000 => (n / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (n / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    private static string Number(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
    private static string Integer(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "";
    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
