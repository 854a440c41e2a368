using AdaShare.Training.Phases;

namespace AdaShare.Methods;

/// <summary>
/// A multi-task learning method: the sequence of phases that turns a config and data into a trained, evaluated model
/// (metrics.json in the run directory). AdaShare is one; the paper's baselines are others. The config's `method` picks one.
/// </summary>
public interface IMethod
{
    string Name { get; }
    string Description { get; }
    IReadOnlyList<IPhase> Phases { get; }
}
