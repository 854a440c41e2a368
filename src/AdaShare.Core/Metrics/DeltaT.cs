namespace AdaShare.Metrics;

/// <summary>Δ_t per task and their mean Δ_T, in percent (positive = better than the baseline).</summary>
public sealed record DeltaTResult(IReadOnlyDictionary<string, double> PerTask, double Overall);

/// <summary>
/// Multi-task performance relative to the single-task baseline b (Maninis et al. 2019, as used by AdaShare):
/// Δ_t = (100 / |M_t|) Σ_j (−1)^{l_j} (M_{m,j} − M_{b,j}) / M_{b,j}, with l_j = 1 when lower is better;
/// Δ_T = mean of Δ_t over the method's tasks.
/// </summary>
public static class DeltaT
{
    /// <summary>
    /// Per task, the metrics of <paramref name="selection"/> that the baseline can serve as a reference for, resolved to
    /// the names actually reported (official-compat names carry a suffix), and the "task/metric" pairs left out because
    /// the baseline lacks them or has 0 or a non-finite value there (no relative change exists). The comparison table
    /// and a run's own Δ_T both use this, so they agree.
    /// </summary>
    public static (Dictionary<string, IReadOnlyList<string>> Usable, List<string> Excluded) UsableMetrics(
        IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> baseline,
        IEnumerable<string> tasks,
        IReadOnlyDictionary<string, IReadOnlyList<string>> selection)
    {
        var usable = new Dictionary<string, IReadOnlyList<string>>();
        var excluded = new List<string>();
        foreach (string task in tasks)
        {
            var baseValues = baseline.GetValueOrDefault(task) ?? [];
            var names = selection.TryGetValue(task, out var chosen) ? chosen : baseValues.Select(m => m.Name).ToList();
            var kept = new List<string>();
            foreach (string name in names)
            {
                if (DeltaTMetricSet.Resolve(baseValues, name) is { } v && v.Value != 0 && double.IsFinite(v.Value))
                    kept.Add(v.Name);
                else
                    excluded.Add($"{task}/{name}");
            }
            usable[task] = kept;
        }
        return (usable, excluded);
    }

    /// <summary>
    /// Δ_t for every task of <paramref name="method"/> and Δ_T. <paramref name="metricNames"/>, when given, picks the
    /// metrics M_t of each task (tasks it does not list use all of the method's metrics); every chosen metric must
    /// exist in both the method's and the baseline's lists, with the same direction and a non-zero baseline value.
    /// </summary>
    public static DeltaTResult Compute(
        IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> method,
        IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> baseline,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? metricNames = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(baseline);
        if (method.Count == 0)
        {
            throw new ArgumentException("Δ_T: the method has no tasks.", nameof(method));
        }
        var perTask = new Dictionary<string, double>();
        foreach (var (task, values) in method)
        {
            if (!baseline.TryGetValue(task, out var baseValues))
            {
                throw new ArgumentException(
                    $"Δ_T: task '{task}' is missing from the baseline (baseline tasks: {string.Join(", ", baseline.Keys)}).");
            }
            IReadOnlyList<string>? names = null;
            metricNames?.TryGetValue(task, out names);
            perTask[task] = ComputeTask(task, values, baseValues, names);
        }
        return new DeltaTResult(perTask, perTask.Values.Average());
    }

    /// <summary>Δ_t of one task, in percent. <paramref name="metricNames"/> null: all of the method's metrics.</summary>
    public static double ComputeTask(
        string task,
        IReadOnlyList<MetricValue> method,
        IReadOnlyList<MetricValue> baseline,
        IReadOnlyList<string>? metricNames = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(baseline);
        var m = Index(task, "method", method);
        var b = Index(task, "baseline", baseline);
        var names = metricNames ?? method.Select(v => v.Name).ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException($"Δ_T: task '{task}' has no metrics to compare.");
        }
        double sum = 0;
        foreach (string wanted in names)
        {
            // A set names metrics without protocol; the reported name may carry the official-compat suffix.
            string name = m.ContainsKey(wanted) || !m.ContainsKey(wanted + MetricProtocol.CompatSuffix) ? wanted : wanted + MetricProtocol.CompatSuffix;
            if (!m.TryGetValue(name, out var mv))
            {
                throw new ArgumentException(
                    $"Δ_T: metric '{name}' of task '{task}' is missing from the method's results (has: {string.Join(", ", m.Keys)}).");
            }
            if (!b.TryGetValue(name, out var bv))
            {
                throw new ArgumentException(
                    $"Δ_T: metric '{name}' of task '{task}' is missing from the baseline (baseline has: {string.Join(", ", b.Keys)}).");
            }
            if (mv.HigherIsBetter != bv.HigherIsBetter)
            {
                throw new ArgumentException($"Δ_T: metric '{name}' of task '{task}' disagrees on its direction between method and baseline.");
            }
            if (bv.Value == 0 || !double.IsFinite(bv.Value))
            {
                throw new ArgumentException(
                    $"Δ_T: baseline value of metric '{name}' of task '{task}' is {bv.Value}; the relative change is undefined.");
            }
            if (!double.IsFinite(mv.Value))
            {
                throw new ArgumentException($"Δ_T: method value of metric '{name}' of task '{task}' is {mv.Value}.");
            }
            // |M_b|: the paper's metrics are positive, where this is its formula; a metric that can be negative keeps its direction.
            double rel = (mv.Value - bv.Value) / Math.Abs(bv.Value);
            sum += mv.HigherIsBetter ? rel : -rel;
        }
        return 100.0 * sum / names.Count;
    }

    private static Dictionary<string, MetricValue> Index(string task, string side, IReadOnlyList<MetricValue> values)
    {
        var d = new Dictionary<string, MetricValue>();
        foreach (var v in values)
        {
            if (!d.TryAdd(v.Name, v))
            {
                throw new ArgumentException($"Δ_T: metric '{v.Name}' appears twice in the {side}'s results of task '{task}'.");
            }
        }
        return d;
    }
}
