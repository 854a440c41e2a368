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
        var test = Evaluator.Evaluate(gated, ctx.Batches(ctx.Data.Test), ctx.Tasks, ctx.Config.Eval.BatchSize,
            ctx.Config.Eval.Metrics == "official-compat", ctx.Config.Eval.Upsample == "bilinear");

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
        result.Data = DataSizes.Of(ctx.Data);
        ModelCost.Measure(gated, ctx.TaskNames, ctx.Data.Test.Height, ctx.Data.Test.Width, ctx.Device).WriteTo(result);
        if (ctx.Config.Eval.SingleTaskBaseline is { } baselinePath)
            DeltaTAgainst(ctx, result, baselinePath);
        ctx.Run.WriteJson(ctx.Run.MetricsJson, result);
    }

    /// <summary>Δ_T of <paramref name="result"/> against a single-task metrics file, saying which metrics it had to leave out.</summary>
    internal static void DeltaTAgainst(TrainingContext ctx, RunMetrics result, string baselinePath)
    {
        var excluded = result.CompareWithSingleTask(baselinePath, Comparison.ComparisonTable.MetricSetOf(ctx.Config),
            Comparison.ComparisonTable.MetricSelection(ctx.Config));
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
