using AdaShare.Methods.AdaShare;
using AdaShare.Metrics;
using AdaShare.Model;

namespace AdaShare.Training.Phases;

/// <summary>
/// Phase 5: the selected re-trained network on the test split — every task metric, Δ_T against single-task numbers
/// when the config names them, and parameter counts (this model, hard sharing, K single-task networks).
/// </summary>
public sealed class EvaluationPhase : IPhase
{
    public string Name => "eval";
    public IReadOnlyList<string> Requires => new[] { "retrain" };
    public IReadOnlyList<string> Outputs => new[] { "metrics.json" };

    public void Run(TrainingContext ctx, RunState state)
    {
        if (state.SelectedCandidate is not int selected)
            throw new InvalidOperationException("no re-trained policy was selected: run the retrain phase first");
        var candidate = state.Candidates[selected];
        var policy = RetrainPhase.LoadPolicy(ctx, candidate);
        using var model = ctx.CreateInitialModel();
        Checkpoint.LoadModel(model, Path.Combine(ctx.Run.PhaseCheckpoint($"retrain-{candidate.Name}"), "model.pt"));
        var gated = new GatedModel(model, policy);
        ctx.Progress.Message($"evaluating {candidate.Name} on the test split ({ctx.Data.Test.Count} images)");
        var test = EvaluateOnTest(ctx, gated);

        var result = new RunMetrics
        {
            Split = "test",
            Policy = candidate.Name,
            MetricsMode = ctx.Config.Eval.Metrics,
            Tasks = test.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
            Parameters = new ParameterCounts
            {
                Model = model.CountParameters(policy),
                HardSharing = model.CountParameters(null),
                SingleTaskTotal = SingleTaskParameters(ctx, model),
            },
        };
        result.DescribePolicy(policy);
        result.Method = ctx.Config.Method;
        DescribeCandidates(ctx, state, result, test);
        result.Data = DataSizes.Of(ctx.Data);
        ModelCost.Measure(gated, ctx.TaskNames, ctx.Data.Test.Height, ctx.Data.Test.Width, ctx.Device).WriteTo(result);
        if (ctx.Config.Eval.SingleTaskBaseline is { } baselinePath)
            DeltaTAgainst(ctx, result, baselinePath);
        ctx.Run.WriteJson(ctx.Run.MetricsJson, result);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> EvaluateOnTest(TrainingContext ctx, GatedModel model) =>
        Evaluator.Evaluate(model, ctx.Batches(ctx.Data.Test), ctx.Tasks, ctx.Config.Eval.BatchSize,
            ctx.Config.Eval.Metrics == "official-compat", ctx.Config.Eval.Upsample == "bilinear");

    /// <summary>
    /// The paper's protocol reports every re-trained sample: each candidate's test metrics (the selected one's are
    /// <paramref name="selectedTest"/>), mean ± std over the Bernoulli samples, the learned distribution's decisiveness
    /// and each candidate's distance from its argmax.
    /// </summary>
    private static void DescribeCandidates(TrainingContext ctx, RunState state, RunMetrics result,
        IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> selectedTest)
    {
        string probsPath = Path.Combine(ctx.Run.Policies, "probabilities.json");
        List<IReadOnlyList<double>>? probs = null;
        if (File.Exists(probsPath))
        {
            var byTask = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, List<double>>>(File.ReadAllText(probsPath))!;
            probs = ctx.TaskNames.Select(t => (IReadOnlyList<double>)byTask[t]).ToList();
            int skip = ctx.Config.Policy.SkipLayer;
            result.Decisiveness = Model.Policy.PolicyDecisiveness.Of(probs.Select(row => row.Skip(skip)));
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
                test = selectedTest;
            else
            {
                using var model = ctx.CreateInitialModel();
                Checkpoint.LoadModel(model, Path.Combine(ctx.Run.PhaseCheckpoint($"retrain-{c.Name}"), "model.pt"));
                ctx.Progress.Message($"evaluating {c.Name} on the test split (reported, not selected)");
                test = EvaluateOnTest(ctx, new GatedModel(model, policy));
            }
            int? distance = probs != null ? Model.Policy.PolicyDecisiveness.DistanceFromArgmax(policy, probs, ctx.Config.Policy.SkipLayer) : null;
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
        var samples = result.Candidates.Where(c => c.Name.StartsWith("sample-", StringComparison.Ordinal)).ToList();
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

    /// <summary>Δ_T of <paramref name="result"/> against a single-task metrics file, saying which metrics it had to leave out.</summary>
    internal static void DeltaTAgainst(TrainingContext ctx, RunMetrics result, string baselinePath)
    {
        var excluded = result.CompareWithSingleTask(baselinePath, DeltaTSettings.MetricSet(ctx.Config),
            DeltaTSettings.Selection(ctx.Config));
        if (excluded.Count > 0)
            ctx.Progress.Message($"Δ_T leaves out {string.Join(", ", excluded)}: the single-task value is 0 or missing, so no relative change exists");
    }

    /// <summary>K separate networks, each a full trunk plus its own head.</summary>
    internal static long SingleTaskParameters(TrainingContext ctx, MultiTaskNet model)
    {
        long trunk = model.backbone.parameters().Sum(p => p.numel());
        long heads = model.heads.parameters().Sum(p => p.numel());
        return ctx.Tasks.Count * trunk + heads;
    }
}
