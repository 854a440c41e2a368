using AdaShare.Metrics;
using AdaShare.Tasks;

namespace AdaShare.Training;

/// <summary>
/// Ranks re-trained candidates on the validation split by Δ_T against the candidates' mean on each standard metric
/// (so no single candidate is the reference and a metric that is 0 for all of them is left out).
/// </summary>
public static class CandidateSelection
{
    public static double[] Scores(IReadOnlyList<TaskSpec> tasks, IReadOnlyList<Dictionary<string, List<MetricValue>>> candidates)
    {
        var scores = new double[candidates.Count];
        if (candidates.Count < 2)
            return scores;
        foreach (var task in tasks)
        {
            var names = DeltaT.StandardMetrics.TryGetValue(task.Target.Name, out var standard)
                ? standard
                : candidates[0][task.Name].Select(m => m.Name).ToList();
            var used = new List<(string Name, double Mean, bool Higher)>();
            foreach (string name in names)
            {
                var values = candidates.Select(c => c[task.Name].FirstOrDefault(m => m.Name == name)).ToList();
                if (values.Any(v => v is null || !double.IsFinite(v.Value)))
                    continue;
                double mean = values.Average(v => v!.Value);
                if (Math.Abs(mean) > 1e-12)
                    used.Add((name, mean, values[0]!.HigherIsBetter));
            }
            if (used.Count == 0)
                continue;
            for (int i = 0; i < candidates.Count; i++)
            {
                double sum = used.Sum(u =>
                {
                    double v = candidates[i][task.Name].First(m => m.Name == u.Name).Value;
                    return (u.Higher ? 1 : -1) * (v - u.Mean) / u.Mean;
                });
                scores[i] += 100.0 * sum / used.Count / tasks.Count;
            }
        }
        return scores;
    }
}
