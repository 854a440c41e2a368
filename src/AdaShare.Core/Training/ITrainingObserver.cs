namespace AdaShare.Training;

/// <summary>
/// Watches a run as it trains: every logged row of scalars (the rows train-log.csv gets) and every finished phase.
/// The trainer knows observers only through this interface; TensorBoard is one (<see cref="TensorBoardObserver"/>).
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Scalars logged at <paramref name="step"/> of <paramref name="phase"/> (loss terms, learning rate, τ, p(execute), …).</summary>
    void Scalars(string phase, long step, IReadOnlyDictionary<string, double> values);

    /// <summary>A phase finished; its results (validation metrics, metrics.json, pictures) are in the run directory and state.</summary>
    void PhaseCompleted(TrainingContext ctx, RunState state, string phase);
}

public sealed class NullTrainingObserver : ITrainingObserver
{
    public static readonly NullTrainingObserver Instance = new();
    public void Scalars(string phase, long step, IReadOnlyDictionary<string, double> values) { }
    public void PhaseCompleted(TrainingContext ctx, RunState state, string phase) { }
}
