using AdaShare.Model;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Methods;

/// <summary>
/// A baseline: a network factory trained by the shared <see cref="TrainModelPhase"/> (train.retrain_iters iterations,
/// the budget of AdaShare's re-train) and scored by the shared <see cref="EvaluateModelPhase"/>. Subclasses only say
/// how the network is built.
/// </summary>
public abstract class BaselineMethod : IMethod, IModelFactory
{
    protected BaselineMethod()
    {
        Phases = new IPhase[] { new TrainModelPhase(this), new EvaluateModelPhase(this), new ReportPhase() };
    }

    public abstract string Name { get; }
    public abstract string Description { get; }
    public IReadOnlyList<IPhase> Phases { get; }

    public virtual bool OneModelPerTask => false;
    public abstract IMultiTaskModel Create(TrainingContext ctx);
    public virtual Model.Policy.TaskPolicy? Policy(TrainingContext ctx) => null;
}
