using AdaShare.Metrics;
using AdaShare.Model;

namespace AdaShare.Training.Phases;

/// <summary>
/// The evaluation of every method: its trained network(s) on the test split, written to metrics.json — every task
/// metric (single-task networks merged), Δ_T when eval.single_task_baseline names a metrics file, parameters and
/// multiply-adds in total and per task path, the parameter counts of the hard-sharing and single-task references, and
/// whatever the method adds (AdaShare: every re-trained candidate).
/// </summary>
public sealed class EvaluationPhase(IEvaluatedMethod method) : IPhase
{
    public const string PhaseName = "eval";

    public string Name => PhaseName;
    public IReadOnlyList<string> Requires => new[] { method.TrainedBy };
    public IReadOnlyList<string> Outputs => new[] { "metrics.json" };

    public void Run(TrainingContext ctx, RunState state)
    {
        var result = Score(method, ctx, state, "test");
        method.DescribeResult(ctx, state, result);
        if (ctx.Config.Eval.SingleTaskBaseline is { } baselinePath)
            DeltaTAgainst(ctx, result, baselinePath);
        ctx.Run.WriteJson(ctx.Run.MetricsJson, result);
    }

    /// <summary>
    /// The trained network(s) of <paramref name="method"/> scored on <paramref name="split"/> (test or val): every task
    /// metric, the data sizes, parameters and multiply-adds, and the policy; without the method's extras and Δ_T.
    /// </summary>
    public static RunMetrics Score(IEvaluatedMethod method, TrainingContext ctx, RunState state, string split)
    {
        var tasks = new Dictionary<string, List<MetricValue>>();
        var costs = new List<ModelCost>();
        foreach (var (model, pc) in method.OpenTrained(ctx, state))
        {
            using var module = model.Module;
            var data = split == "val" ? pc.Data.Val : pc.Data.Test;
            ctx.Progress.Message($"evaluating {ctx.Config.Method} ({string.Join(", ", pc.TaskNames)}) on the {split} split ({data.Count} images)");
            var scores = Evaluator.Evaluate(model, pc.Batches(data), pc.Tasks, pc.Config.Eval.BatchSize, pc.Config.Eval.Options);
            foreach (var (task, values) in scores)
                tasks[task] = values.ToList();
            costs.Add(ModelCost.Measure(model, pc.TaskNames, data.Height, data.Width, pc.Device));
        }

        var result = new RunMetrics
        {
            Method = ctx.Config.Method,
            Split = split,
            Policy = method.PolicyLabel(ctx, state),
            MetricsMode = ctx.Config.Eval.Metrics,
            Tasks = tasks,
            Data = DataSizes.Of(ctx.Data),
        };
        ModelCost.Sum(costs).WriteTo(result);
        using (var reference = new MultiTaskNet("reference", ctx.Config.Model, ctx.Tasks))
        {
            result.Parameters.HardSharing = reference.CountParameters(null);
            result.Parameters.SingleTaskTotal = SingleTaskParameters(ctx, reference);
        }
        if (method.Policy(ctx, state) is { } policy)
            result.DescribePolicy(policy);
        return result;
    }

    /// <summary>Δ_T of <paramref name="result"/> against a single-task metrics file, saying which metrics it had to leave out.</summary>
    public static void DeltaTAgainst(TrainingContext ctx, RunMetrics result, string baselinePath)
    {
        var excluded = result.CompareWithSingleTask(baselinePath, DeltaTSettings.MetricSet(ctx.Config), DeltaTSettings.Selection(ctx.Config));
        if (excluded.Count > 0)
            ctx.Progress.Message($"Δ_T leaves out {string.Join(", ", excluded)}: the single-task value is 0 or missing, so no relative change exists");
    }

    /// <summary>K separate networks, each a full trunk plus its own head.</summary>
    public static long SingleTaskParameters(TrainingContext ctx, MultiTaskNet model)
    {
        long trunk = model.backbone.parameters().Sum(p => p.numel());
        long heads = model.heads.parameters().Sum(p => p.numel());
        return ctx.Tasks.Count * trunk + heads;
    }
}
