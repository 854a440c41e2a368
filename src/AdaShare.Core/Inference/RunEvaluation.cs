using AdaShare.Methods.AdaShare;
using AdaShare.Metrics;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Inference;

/// <summary>
/// Re-scores a finished run's selected model on a split with a metric mode, building the same metrics.json the eval
/// phase writes (per-task metrics, Δ_T when eval.single_task_baseline names a single-task reference, parameters and
/// multiply-adds).
/// </summary>
public static class RunEvaluation
{
    public static readonly IReadOnlyList<string> Splits = new[] { "test", "val" };

    public static RunMetrics Score(TrainedRun run, string split)
    {
        var ctx = run.Context;
        var data = split switch
        {
            "test" => ctx.Data.Test,
            "val" => ctx.Data.Val,
            _ => throw new UserErrorException($"--split: '{split}' is not one of {string.Join(", ", Splits)}"),
        };
        var scores = Evaluator.Evaluate(run.Model, ctx.Batches(data), ctx.Tasks, ctx.Config.Eval.BatchSize,
            ctx.Config.Eval.Options);
        var result = new RunMetrics
        {
            Method = ctx.Config.Method,
            Split = split,
            Policy = run.Candidate.Name,
            MetricsMode = ctx.Config.Eval.Metrics,
            Tasks = scores.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
            Parameters = new ParameterCounts
            {
                HardSharing = run.Net.CountParameters(null),
                SingleTaskTotal = EvaluationPhase.SingleTaskParameters(ctx, run.Net),
            },
        };
        result.DescribePolicy(run.Policy);
        ModelCost.Measure(run.Model, ctx.TaskNames, data.Height, data.Width, ctx.Device).WriteTo(result);
        if (ctx.Config.Eval.SingleTaskBaseline is { } baselinePath)
            EvaluationPhase.DeltaTAgainst(ctx, result, baselinePath);
        return result;
    }
}
