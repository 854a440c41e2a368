namespace AdaShare.Training.Phases;

/// <summary>One step of the AdaShare pipeline. Each phase reads what earlier phases left in the run directory and is resumable.</summary>
public interface IPhase
{
    string Name { get; }

    /// <summary>Phases that must be complete before this one can run.</summary>
    IReadOnlyList<string> Requires { get; }

    void Run(TrainingContext context, RunState state);
}
