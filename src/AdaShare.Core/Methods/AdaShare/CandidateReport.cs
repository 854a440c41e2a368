using AdaShare.Metrics;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Methods.AdaShare;

/// <summary>What AdaShare adds to metrics.json besides the selected network's scores.</summary>
public static class CandidateReport
{
    /// <summary>
    /// The paper's protocol reports every re-trained sample: each candidate's test metrics (the selected one's are
    /// already in <paramref name="result"/>), mean ± std over the Bernoulli samples, the learned distribution's decisiveness
    /// and each candidate's distance from its argmax.
    /// </summary>
    public static void Describe(TrainingContext ctx, RunState state, RunMetrics result)
    {
        string probsPath = Path.Combine(ctx.Run.Policies, "probabilities.json");
        List<IReadOnlyList<double>>? probs = null;
        if (File.Exists(probsPath))
        {
            var byTask = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, List<double>>>(File.ReadAllText(probsPath))!;
            probs = ctx.TaskNames.Select(t => (IReadOnlyList<double>)byTask[t]).ToList();
            int skip = ctx.Config.Policy.SkipLayer;
            result.Decisiveness = PolicyDecisiveness.Of(probs.Select(row => row.Skip(skip)));
        }
        result.Candidates = new List<CandidateTestMetrics>();
        for (int i = 0; i < state.Candidates.Count; i++)
        {
            var c = state.Candidates[i];
            if (!c.Retrained)
                continue;
            var policy = RetrainPhase.LoadPolicy(ctx, c);
            IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> test;
            if (i == state.SelectedCandidate)
                test = result.Tasks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricValue>)kv.Value);
            else
            {
                var model = RetrainPhase.OpenRetrained(ctx, c);
                using var module = model.Module;
                ctx.Progress.Message($"evaluating {c.Name} on the test split (reported, not selected)");
                test = Evaluator.Evaluate(model, ctx.Batches(ctx.Data.Test), ctx.Tasks, ctx.Config.Eval.BatchSize, ctx.Config.Eval.Options);
            }
            int? distance = probs != null ? PolicyDecisiveness.DistanceFromArgmax(policy, probs, ctx.Config.Policy.SkipLayer) : null;
            result.Candidates.Add(new CandidateTestMetrics
            {
                Name = c.Name,
                Selected = i == state.SelectedCandidate,
                ValScore = c.ValScore,
                DistanceFromArgmax = distance,
                Tasks = test.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
            });
            if (i == state.SelectedCandidate)
                result.SelectedDistanceFromArgmax = distance;
        }
        var samples = result.Candidates.Where(c => c.Name.StartsWith(AdaShareNames.SamplePrefix, StringComparison.Ordinal)).ToList();
        if (samples.Count > 0)
        {
            result.SampleSummary = ctx.TaskNames.ToDictionary(t => t, t => samples[0].Tasks[t].Select(m =>
            {
                var values = samples.Select(c => c.Tasks[t].First(v => v.Name == m.Name).Value).ToList();
                double mean = values.Average();
                double std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
                return new MetricSummary(m.Name, mean, std, values.Count, m.HigherIsBetter);
            }).ToList());
        }
    }
}
