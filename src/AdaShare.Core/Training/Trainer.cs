using System.Diagnostics;
using AdaShare.Methods;
using AdaShare.Training.Phases;

namespace AdaShare.Training;

/// <summary>
/// Runs a method's phases (for AdaShare: warm-up, policy learning, sampling, re-training, evaluation) one by one,
/// skipping phases a previous (interrupted) run already finished. Knows no dataset and no task by name.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Runs every unfinished phase of the config's method, or only <paramref name="only"/> (re-running it even if finished),
    /// stopping after <paramref name="until"/> when given (e.g. after sampling, before fanning the re-trains out).
    /// </summary>
    public static RunState Run(TrainingContext ctx, string? only = null, string? until = null)
    {
        var phases = MethodRegistry.Get(ctx.Config.Method).Phases;
        var phaseNames = phases.Select(p => p.Name);
        if (only != null && phases.All(p => p.Name != only))
            throw new ArgumentException($"unknown phase '{only}' (phases: {string.Join(", ", phaseNames)})");
        if (until != null && phases.All(p => p.Name != until))
            throw new ArgumentException($"unknown phase '{until}' for --until (phases: {string.Join(", ", phaseNames)})");
        if (until != null)
            phases = phases.Take(phases.ToList().FindIndex(p => p.Name == until) + 1).ToList();
        var state = ctx.Run.LoadState();
        foreach (var phase in phases)
        {
            if (only != null ? phase.Name != only : state.Completed(phase.Name))
                continue;
            foreach (string required in phase.Requires)
                if (!state.Completed(required))
                    throw new InvalidOperationException($"phase '{phase.Name}' needs phase '{required}' finished in {ctx.Run.Root}");
            var clock = Stopwatch.StartNew();
            state.CompletedPhases.Remove(phase.Name);
            if (only != null)
            {
                Invalidate(ctx, state, phase.Name);
                ctx.Run.Comm.Barrier(); // rank 0 deletes the old checkpoints before anyone looks for them
            }
            if (phase.RunsOnEveryRank || ctx.Run.IsWriter)
                phase.Run(ctx, state);
            state.CompletedPhases.Add(phase.Name);
            state.PhaseSeconds[phase.Name] = state.PhaseSeconds.GetValueOrDefault(phase.Name) + clock.Elapsed.TotalSeconds;
            ctx.Run.SaveState(state);
            // Data-parallel ranks continue from what rank 0 wrote (sampled candidates, selection), never from their own copy.
            ctx.Run.Comm.Barrier();
            if (!ctx.Run.IsWriter)
                state = ctx.Run.LoadState();
            ctx.Observer.PhaseCompleted(ctx, state, phase.Name);
        }
        return state;
    }

    /// <summary>Re-running a phase on purpose discards its own and every later phase's finished results and checkpoints.</summary>
    private static void Invalidate(TrainingContext ctx, RunState state, string phase)
    {
        var phases = MethodRegistry.Get(ctx.Config.Method).Phases;
        int index = phases.ToList().FindIndex(p => p.Name == phase);
        foreach (var later in phases.Skip(index))
        {
            state.CompletedPhases.Remove(later.Name);
            // A phase's checkpoints are named after it: "<phase>" or "<phase>-<part>" (re-train candidates, single-task networks).
            foreach (string dir in Directory.GetDirectories(ctx.Run.Checkpoints))
            {
                string name = Path.GetFileName(dir);
                if (ctx.Run.IsWriter && (name == later.Name || name.StartsWith(later.Name + "-", StringComparison.Ordinal)))
                    DeleteCheckpoint(ctx, name);
            }
            if (later.Name is "retrain")
            {
                foreach (var c in state.Candidates)
                    c.Retrained = false;
                if (ctx.Run.IsWriter && Directory.Exists(CandidateFanOut.Folder(ctx.Run)))
                    Directory.Delete(CandidateFanOut.Folder(ctx.Run), true); // results of `--candidate` jobs
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
