using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Experiments;
using AdaShare.Methods;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Inference;

/// <summary>
/// Re-scores the trained model of a finished run of any method (AdaShare: the candidate selected on validation;
/// baselines: their network, or each task's own for single-task) on a split with a metric mode, building the
/// metrics.json the eval phase writes (per-task metrics, Δ_T when eval.single_task_baseline names a single-task
/// reference, parameters and multiply-adds).
/// </summary>
public static class RunEvaluation
{
    public static readonly IReadOnlyList<string> Splits = new[] { "test", "val" };

    /// <param name="adjust">Changes to the run's config before it is opened (e.g. the metric mode).</param>
    public static RunMetrics Score(string root, string split, Func<ExperimentConfig, ExperimentConfig>? adjust = null, IProgressSink? progress = null)
    {
        if (!Splits.Contains(split))
            throw new UserErrorException($"--split: '{split}' is not one of {string.Join(", ", Splits)}");
        var config = ConfigLoader.LoadRun(root);
        if (adjust != null)
            config = adjust(config);
        if (MethodRegistry.Get(config.Method) is not IEvaluatedMethod method)
            throw new UserErrorException($"{root} is a '{config.Method}' run, a method without a trained model to score");
        var run = new RunDirectory(root);
        var state = run.LoadState();
        if (!state.Completed(method.TrainedBy))
        {
            string done = state.CompletedPhases.Count == 0 ? "none" : string.Join(", ", state.CompletedPhases);
            throw new UserErrorException(
                $"run {root} is unfinished: the {method.TrainedBy} phase has not completed (finished phases: {done}); finish it with `adashare train --resume {root}`");
        }
        var ctx = new TrainingContext(config, DatasetFactory.OpenSplits(config), run, progress ?? NullProgressSink.Instance);
        var result = EvaluationPhase.Score(method, ctx, state, split);
        if (config.Eval.SingleTaskBaseline is { } baselinePath)
            EvaluationPhase.DeltaTAgainst(ctx, result, baselinePath);
        return result;
    }
}
