using System.Diagnostics;
using System.Text.Json;
using AdaShare.Training.Phases;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>
/// Runs a method's phases (for AdaShare: warm-up, policy learning, sampling, re-training, evaluation) one by one,
/// skipping phases a previous (interrupted) run already finished. Knows no dataset and no task by name. Holds the run
/// directory's lock while it works; re-running a finished phase goes through <see cref="PhaseRerun"/>.
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
        CheckPhaseName(ctx.Config.Method, only);
        if (until != null && phases.All(p => p.Name != until))
            throw new UserErrorException($"--until: unknown phase '{until}' (phases of {ctx.Config.Method}: {string.Join(", ", phases.Select(p => p.Name))})");
        if (until != null)
            phases = phases.Take(phases.ToList().FindIndex(p => p.Name == until) + 1).ToList();
        if (only != null && ctx.Run.Comm.Size > 1)
            throw new UserErrorException("--phase: re-run a phase with one process (without mpirun); the later phases can then run data-parallel");
        // Rank 0 alone owns the directory: it takes the lock, finishes an interrupted re-run and repairs derived files.
        using (ctx.Run.IsWriter ? RunLock.Acquire(ctx.Run) : null)
        {
            if (ctx.Run.IsWriter)
            {
                ctx.Run.Create();
                PhaseRerun.Recover(ctx.Run, ctx.Warn);
            }
            ctx.Run.Comm.Barrier();
            var state = ctx.Run.LoadState();
            if (ctx.Run.IsWriter)
                foreach (var phase in phases.Where(p => state.Completed(p.Name)))
                    phase.Repair(ctx, state);
            if (only != null)
                return Rerun(ctx, phases, only, state);
            return RunRemaining(ctx, phases, state);
        }
    }

    private static RunState RunRemaining(TrainingContext ctx, IReadOnlyList<IPhase> phases, RunState state)
    {

        foreach (var phase in phases)
        {
            if (state.Completed(phase.Name))
                continue;
            foreach (string required in phase.Requires)
                if (!state.Completed(required))
                    throw new UserErrorException($"phase '{phase.Name}' needs phase '{required}' finished in {ctx.Run.Root}");
            RunPhase(ctx, phase, state);
            // Data-parallel ranks continue from what rank 0 wrote (sampled candidates, selection), never from their own copy.
            ctx.Run.Comm.Barrier();
            if (!ctx.Run.IsWriter)
                state = ctx.Run.LoadState();
        }
        return state;
    }

    /// <summary>An unknown --phase is refused before anything is read or written.</summary>
    public static void CheckPhaseName(string method, string? phase)
    {
        var names = MethodRegistry.Get(method).Phases.Select(p => p.Name).ToList();
        if (phase != null && !names.Contains(phase))
            throw new UserErrorException($"--phase: unknown phase '{phase}' (phases of {method}: {string.Join(", ", names)})");
    }

    /// <summary>The phases a run has still to do, in order.</summary>
    public static IReadOnlyList<string> Remaining(string method, RunState state) =>
        MethodRegistry.Get(method).Phases.Select(p => p.Name).Where(n => !state.Completed(n)).ToList();

    private static void RunPhase(TrainingContext ctx, IPhase phase, RunState state)
    {
        var clock = Stopwatch.StartNew();
        ctx.Progress.Message($"phase {phase.Name} started");
        state.CompletedPhases.Remove(phase.Name);
        if (phase.RunsOnEveryRank || ctx.Run.IsWriter)
            phase.Run(ctx, state);
        state.CompletedPhases.Add(phase.Name);
        state.PhaseSeconds[phase.Name] = state.PhaseSeconds.GetValueOrDefault(phase.Name) + clock.Elapsed.TotalSeconds;
        ctx.Run.SaveState(state);
        ctx.Observer.PhaseCompleted(ctx, state, phase.Name);
    }

    /// <summary>
    /// Re-runs one phase on a staging copy: its inputs (the earlier phases' checkpoints and policies) are verified first,
    /// the phase writes into the copy, and only then are the copy's results committed and the invalidated later results
    /// (this and every later phase's checkpoints, policies, metrics, report, state entries) retired. A failure leaves
    /// the run directory as it was.
    /// </summary>
    private static RunState Rerun(TrainingContext ctx, IReadOnlyList<IPhase> phases, string only, RunState state)
    {
        int index = phases.ToList().FindIndex(p => p.Name == only);
        var phase = phases[index];
        foreach (string required in phase.Requires)
            if (!state.Completed(required))
                throw new UserErrorException($"phase '{phase.Name}' needs phase '{required}' finished in {ctx.Run.Root}; run --resume {ctx.Run.Root} first");
        var later = phases.Skip(index).ToList();
        VerifyInputs(ctx, phases.Take(index).Where(p => state.Completed(p.Name)).ToList(), state);

        var staged = JsonSerializer.Deserialize<RunState>(JsonSerializer.Serialize(state))!;
        foreach (var p in later)
        {
            staged.CompletedPhases.Remove(p.Name);
            staged.PhaseSeconds.Remove(p.Name);
        }
        foreach (var p in later)
            p.Invalidate(staged);

        var rerun = PhaseRerun.Prepare(ctx.Run, RetiredPaths(ctx.Run, later), staged, log => later.Any(p => Owns(p.Name, log)));
        try
        {
            RunPhase(ctx.WithRun(rerun.Staging), phase, staged);
            rerun.Commit();
        }
        catch
        {
            rerun.Discard();
            throw;
        }
        string dropped = later.Count > 1 ? $"; the results of {string.Join(", ", later.Skip(1).Select(p => p.Name))} were retired" : "";
        ctx.Run.AppendRunLog($"re-ran phase {only}{dropped}");
        return staged;
    }

    /// <summary>Every finished earlier phase's checkpoints must be intact before a re-run may rely on them.</summary>
    private static void VerifyInputs(TrainingContext ctx, IReadOnlyList<IPhase> earlier, RunState state)
    {
        if (File.Exists(ctx.Run.InitialWeights))
        {
            string sum = ctx.Run.InitialWeights + ".sha256";
            if (File.Exists(sum) && Checkpoint.Hash(ctx.Run.InitialWeights) != File.ReadAllText(sum).Trim())
                throw new InvalidDataException($"checkpoint file {ctx.Run.InitialWeights} is damaged (SHA-256 differs from initial.pt.sha256)");
        }
        foreach (var phase in earlier)
            foreach (string dir in CheckpointDirs(ctx.Run, phase.Name).Where(d => !d.EndsWith(Checkpoint.PreviousSuffix, StringComparison.Ordinal)))
                Checkpoint.VerifyDone(ctx.Run, dir);
        foreach (var phase in earlier)
            phase.VerifyOutputs(ctx, state);
    }

    /// <summary>What the given phases wrote: their checkpoint folders (with .prev/.saving siblings) and declared outputs.</summary>
    private static List<string> RetiredPaths(RunDirectory run, IReadOnlyList<IPhase> phases)
    {
        var paths = new List<string>();
        foreach (var phase in phases)
        {
            paths.AddRange(CheckpointDirs(run, phase.Name).Select(d => Path.GetRelativePath(run.Root, d)));
            paths.AddRange(phase.Outputs.Where(o => File.Exists(run.File(o)) || Directory.Exists(run.File(o))));
        }
        return paths;
    }

    /// <summary>A phase's checkpoints are named after it: "&lt;phase&gt;" or "&lt;phase&gt;-&lt;part&gt;" (re-train candidates, single-task networks).</summary>
    private static IEnumerable<string> CheckpointDirs(RunDirectory run, string phase) =>
        Directory.Exists(run.Checkpoints)
            ? Directory.GetDirectories(run.Checkpoints).Where(d => Owns(phase, Path.GetFileName(d))).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    /// <summary>Checkpoint folders and train-log phases: "name", "name-part", "name.prev", "name-part.saving".</summary>
    private static bool Owns(string phase, string name) =>
        name == phase || name.StartsWith(phase + "-", StringComparison.Ordinal) || name.StartsWith(phase + ".", StringComparison.Ordinal);
}
