using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Model.Policy;

namespace AdaShare.Training.Phases;

/// <summary>A trained network of a run and the context of its tasks (a single-task baseline has one per task).</summary>
public sealed record TrainedModel(IMultiTaskModel Model, TrainingContext Context);

/// <summary>
/// What the method-independent <see cref="EvaluationPhase"/> and <see cref="ReportPhase"/> ask of a method: where its
/// trained networks are, which fixed policy they run, what the method adds to metrics.json and how its schedule reads.
/// </summary>
public interface IEvaluatedMethod
{
    /// <summary>The phase whose checkpoints hold the trained networks (evaluation requires it).</summary>
    string TrainedBy { get; }

    /// <summary>The trained network(s), loaded from their checkpoints on the run's device; the caller disposes them.</summary>
    IReadOnlyList<TrainedModel> OpenTrained(TrainingContext ctx, RunState state);

    /// <summary>The fixed select-or-skip policy the networks run, when there is one.</summary>
    TaskPolicy? Policy(TrainingContext ctx, RunState state);

    /// <summary>metrics.json's `policy`: the selected candidate, "policy.json", or the method's name.</summary>
    string PolicyLabel(TrainingContext ctx, RunState state);

    /// <summary>Adds the method's own results to the test metrics (AdaShare: every re-trained candidate).</summary>
    void DescribeResult(TrainingContext ctx, RunState state, RunMetrics result)
    {
    }

    /// <summary>report.md's schedule rows (name, text).</summary>
    IReadOnlyList<(string Name, string Text)> Schedule(ExperimentConfig config);
}
