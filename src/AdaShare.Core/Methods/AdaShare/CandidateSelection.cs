using AdaShare.Metrics;
using AdaShare.Tasks;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// Ranks re-trained candidates on the validation split by Δ_T against the candidates' mean on each metric of the
/// run's Δ_T set (so no single candidate is the reference and a metric that is 0 for all of them is left out).
/// Official-compat names (with their suffix) are matched to the set's plain names.
/// </summary>
public static class CandidateSelection
{
    public static double[] Scores(IReadOnlyList<TaskSpec> tasks, IReadOnlyList<Dictionary<string, List<MetricValue>>> candidates,
        DeltaTMetricSet? metricSet = null)
    {
        var set = metricSet ?? DeltaTMetricSet.Paper;
        var scores = new double[candidates.Count];
        if (candidates.Count < 2)
            return scores;
        foreach (var task in tasks)
        {
            var names = set.For(task.Target.Name) ?? candidates[0][task.Name].Select(m => m.Name).ToList();
            var used = new List<(MetricValue[] Values, double Mean, bool Higher)>();
            foreach (string name in names)
            {
                var found = candidates.Select(c => DeltaTMetricSet.Resolve(c[task.Name], name)).ToList();
                if (found.Any(v => v is null || !double.IsFinite(v.Value)))
                    continue;
                var values = found.Select(v => v!).ToArray();
                double mean = values.Average(v => v.Value);
                if (Math.Abs(mean) > 1e-12)
                    used.Add((values, mean, values[0].HigherIsBetter));
            }
            if (used.Count == 0)
                continue;
            for (int i = 0; i < candidates.Count; i++)
            {
                // |mean|, as Δ_T divides by |M_b|: a metric with negative values keeps its direction.
                double sum = used.Sum(u => (u.Higher ? 1 : -1) * (u.Values[i].Value - u.Mean) / Math.Abs(u.Mean));
                scores[i] += 100.0 * sum / used.Count / tasks.Count;
            }
        }
        return scores;
    }
}
