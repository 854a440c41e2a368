using AdaShare.Config;
using AdaShare.Metrics;

namespace AdaShare.Training;

/// <summary>The config's Δ_T convention (eval.delta_t_metrics) resolved against its tasks: used by training (policy and
/// candidate selection), evaluation, reports and comparisons alike.</summary>
public static class DeltaTSettings
{
    public static DeltaTMetricSet MetricSet(ExperimentConfig config) =>
        DeltaTMetricSet.Find(config.Eval.DeltaTMetrics) ?? throw new ConfigException(
            $"eval.delta_t_metrics: '{config.Eval.DeltaTMetrics}' is not one of {string.Join(", ", DeltaTMetricSet.Names)}");

    /// <summary>Per task, the metrics entered into Δ_T: the config's set for its target (else its kind; else all).</summary>
    public static Dictionary<string, IReadOnlyList<string>> Selection(ExperimentConfig config)
    {
        var set = MetricSet(config);
        var selection = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var t in config.Tasks)
        {
            if (set.For(t.Target ?? t.Name, t.Kind ?? t.Name) is { } names)
                selection[t.Name] = names;
        }
        return selection;
    }
}
