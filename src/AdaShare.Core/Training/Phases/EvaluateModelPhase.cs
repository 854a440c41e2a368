using AdaShare.Metrics;
using AdaShare.Model;

namespace AdaShare.Training.Phases;

/// <summary>
/// Scores a baseline trained by <see cref="TrainModelPhase"/> on the test split and writes metrics.json: every task
/// metric (single-task networks merged), Δ_T when eval.single_task_baseline names a metrics file, parameters and
/// multiply-adds in total and per task path, and the parameter counts of the hard-sharing and single-task references.
/// </summary>
public sealed class EvaluateModelPhase(IModelFactory factory) : IPhase
{
    public string Name => "eval";
    public IReadOnlyList<string> Requires => new[] { "train" };
    public IReadOnlyList<string> Outputs => new[] { "metrics.json" };

    public void Run(TrainingContext ctx, RunState state)
    {
        var tasks = new Dictionary<string, List<MetricValue>>();
        var costs = new List<ModelCost>();
        foreach (var part in ModelPart.Of(ctx, factory))
        {
            var pc = part.Context;
            var model = part.CreateModel(factory);
            using var module = model.Module;
            Checkpoint.LoadModel(module, Path.Combine(pc.Run.PhaseCheckpoint(part.Phase), "model.pt"));
            ctx.Progress.Message($"evaluating {ctx.Config.Method} ({string.Join(", ", pc.TaskNames)}) on the test split ({pc.Data.Test.Count} images)");
            var test = Evaluator.Evaluate(model, pc.Batches(pc.Data.Test), pc.Tasks, pc.Config.Eval.BatchSize,
                pc.Config.Eval.Metrics == "official-compat", pc.Config.Eval.Upsample == "bilinear");
            foreach (var (task, values) in test)
                tasks[task] = values.ToList();
            costs.Add(ModelCost.Measure(model, pc.TaskNames, pc.Data.Test.Height, pc.Data.Test.Width, pc.Device));
        }

        var result = new RunMetrics
        {
            Method = ctx.Config.Method,
            Split = "test",
            Policy = ctx.Config.Method,
            MetricsMode = ctx.Config.Eval.Metrics,
            Tasks = tasks,
            Data = DataSizes.Of(ctx.Data),
        };
        ModelCost.Sum(costs).WriteTo(result);
        using (var reference = new MultiTaskNet("reference", ctx.Config.Model, ctx.Tasks))
        {
            result.Parameters.HardSharing = reference.CountParameters(null);
            result.Parameters.SingleTaskTotal = EvaluationPhase.SingleTaskParameters(ctx, reference);
        }
        if (factory.Policy(ctx) is { } policy)
        {
            result.Policy = "policy.json";
            result.DescribePolicy(policy);
        }
        if (ctx.Config.Eval.SingleTaskBaseline is { } baselinePath)
            EvaluationPhase.DeltaTAgainst(ctx, result, baselinePath);
        ctx.Run.WriteJson(ctx.Run.MetricsJson, result);
    }
}
