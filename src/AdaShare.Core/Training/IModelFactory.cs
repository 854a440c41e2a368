using AdaShare.Model;
using AdaShare.Model.Policy;

namespace AdaShare.Training;

/// <summary>
/// How a baseline builds its network, so that one pair of phases (<see cref="Phases.TrainModelPhase"/>,
/// <see cref="Phases.EvaluateModelPhase"/>) trains and evaluates every baseline with the same loop and budget.
/// </summary>
public interface IModelFactory
{
    /// <summary>True: one independent network per task (single-task baselines), each trained by itself.</summary>
    bool OneModelPerTask { get; }

    /// <summary>A fresh network for the context's tasks (the caller seeds libtorch first and disposes the module).</summary>
    IMultiTaskModel Create(TrainingContext ctx);

    /// <summary>The fixed select-or-skip policy the network runs, when it has one (reported in metrics.json).</summary>
    TaskPolicy? Policy(TrainingContext ctx) => null;
}
