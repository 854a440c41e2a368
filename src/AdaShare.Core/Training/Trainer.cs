using System.Diagnostics;
using AdaShare.Training.Phases;

namespace AdaShare.Training;

/// <summary>
/// Runs the AdaShare pipeline — warm-up, policy learning, sampling, re-training, evaluation — phase by phase,
/// skipping phases a previous (interrupted) run already finished. Knows no dataset and no task by name.
/// </summary>
public sealed class Trainer
{
    public static readonly IReadOnlyList<IPhase> Phases = new IPhase[]
    {
        new WarmUpPhase(), new PolicyLearningPhase(), new PolicySamplingPhase(), new RetrainPhase(), new EvaluationPhase(),
    };

    public static IEnumerable<string> PhaseNames => Phases.Select(p => p.Name);

    /// <summary>Runs every unfinished phase, or only <paramref name="only"/> (re-running it even if finished).</summary>
    public static RunState Run(TrainingContext ctx, string? only = null)
    {
        if (only != null && Phases.All(p => p.Name != only))
            throw new ArgumentException($"unknown phase '{only}' (phases: {string.Join(", ", PhaseNames)})");
        var state = ctx.Run.LoadState();
        foreach (var phase in Phases)
        {
            if (only != null ? phase.Name != only : state.Completed(phase.Name))
                continue;
            foreach (string required in phase.Requires)
                if (!state.Completed(required))
                    throw new InvalidOperationException($"phase '{phase.Name}' needs phase '{required}' finished in {ctx.Run.Root}");
            var clock = Stopwatch.StartNew();
            state.CompletedPhases.Remove(phase.Name);
            if (only != null)
                Invalidate(ctx, state, phase.Name);
            phase.Run(ctx, state);
            state.CompletedPhases.Add(phase.Name);
            state.PhaseSeconds[phase.Name] = state.PhaseSeconds.GetValueOrDefault(phase.Name) + clock.Elapsed.TotalSeconds;
            ctx.Run.SaveState(state);
        }
        return state;
    }

    /// <summary>Re-running a phase on purpose discards its own finished checkpoint and every later phase's result.</summary>
    private static void Invalidate(TrainingContext ctx, RunState state, string phase)
    {
        int index = Phases.ToList().FindIndex(p => p.Name == phase);
        foreach (var later in Phases.Skip(index))
            state.CompletedPhases.Remove(later.Name);
        if (phase is "warmup" or "policy")
            DeleteCheckpoint(ctx, phase);
        if (phase is "retrain")
        {
            foreach (var c in state.Candidates)
            {
                c.Retrained = false;
                DeleteCheckpoint(ctx, $"retrain-{c.Name}");
            }
        }
    }

    private static void DeleteCheckpoint(TrainingContext ctx, string phase)
    {
        string dir = ctx.Run.PhaseCheckpoint(phase);
        var progress = ctx.Run.ReadJson<PhaseProgress>(Path.Combine(dir, "progress.json"));
        if (progress?.Done == true)
            Directory.Delete(dir, true);
    }
}
