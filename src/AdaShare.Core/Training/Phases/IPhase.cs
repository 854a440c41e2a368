namespace AdaShare.Training.Phases;

/// <summary>One step of the AdaShare pipeline. Each phase reads what earlier phases left in the run directory and is resumable.</summary>
public interface IPhase
{
    string Name { get; }

    /// <summary>Phases that must be complete before this one can run.</summary>
    IReadOnlyList<string> Requires { get; }

    void Run(TrainingContext context, RunState state);

    /// <summary>Files and folders of the run directory (relative) this phase writes, besides its checkpoints
    /// (checkpoints/&lt;name&gt;, checkpoints/&lt;name&gt;-*); re-running it or an earlier phase retires them.</summary>
    IReadOnlyList<string> Outputs => Array.Empty<string>();

    /// <summary>
    /// Re-running this phase (or an earlier one) discards what it recorded in the run state besides its completion, e.g.
    /// the sampled candidates or the re-trained candidates' results; <paramref name="staged"/> is the state the re-run starts from.
    /// </summary>
    void Invalidate(RunState staged)
    {
    }

    /// <summary>Before a later phase is re-run: checks that what this finished phase left is intact (throws if not).</summary>
    void VerifyOutputs(TrainingContext context, RunState state)
    {
    }

    /// <summary>Restores a derived file of a finished run from its source (e.g. policy.json from policies/), warning.</summary>
    void Repair(TrainingContext context, RunState state)
    {
    }

    /// <summary>
    /// True for phases that train (every data-parallel rank takes part); the others (sampling, evaluation, reports) run
    /// on rank 0 alone while the other ranks wait.
    /// </summary>
    bool RunsOnEveryRank => false;
}
