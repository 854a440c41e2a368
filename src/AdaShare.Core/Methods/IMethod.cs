using AdaShare.Config;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Methods;

/// <summary>
/// A multi-task learning method: the sequence of phases that turns a config and data into a trained, evaluated model
/// (metrics.json in the run directory). AdaShare is one; the paper's baselines are others. The config's `method` picks
/// one from <see cref="MethodRegistry"/>; <see cref="Trainer"/> runs its phases (resumably), or a caller runs them
/// one by one with <see cref="IPhase.Run"/>.
/// </summary>
public interface IMethod
{
    string Name { get; }
    string Description { get; }
    IReadOnlyList<IPhase> Phases { get; }

    /// <summary>
    /// In a comparison, adjusts this method's config from the finished runs of the other methods of the same seed
    /// (<paramref name="finishedRun"/>: a method's metrics, or null). Returns a note for the user, or null.
    /// </summary>
    string? AdaptToComparison(ExperimentConfig config, Func<string, RunMetrics?> finishedRun) => null;

    /// <summary>
    /// A copy of <paramref name="config"/> with the keys this method never reads at their defaults: two configs that
    /// agree on it are the same experiment for this method (a comparison reuses a finished baseline after AdaShare's
    /// policy keys were tuned). The default: the method reads every key.
    /// </summary>
    ExperimentConfig ReadKeys(ExperimentConfig config) => ConfigYaml.Clone(config, config.Name);
}
