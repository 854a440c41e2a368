using AdaShare.Training;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// Re-training the sampled candidates as independent jobs (`train --resume DIR --candidate NAME`, one per Slurm array
/// task or Kubernetes pod, on a shared run directory). A job writes only its own files — checkpoints/retrain-NAME/,
/// candidates/NAME.json (its validation result) and candidates/NAME.train-log.csv — never state.json or train-log.csv,
/// so jobs can run at the same time; the re-train phase of the selecting run collects them.
/// </summary>
public static class CandidateFanOut
{
    public static string Folder(RunDirectory run) => Path.Combine(run.Root, "candidates");
    public static string ResultFile(RunDirectory run, string name) => Path.Combine(Folder(run), name + ".json");
    public static string LogFile(RunDirectory run, string name) => Path.Combine(Folder(run), name + ".train-log.csv");

    /// <summary>A context for one candidate job: the same run, its own training log.</summary>
    public static TrainingContext ForCandidate(TrainingContext ctx, string name)
    {
        Directory.CreateDirectory(Folder(ctx.Run));
        return new TrainingContext(ctx.Config, ctx.Data, ctx.Run, ctx.Progress) { Log = new TrainLog(LogFile(ctx.Run, name)) { Enabled = ctx.Run.IsWriter } };
    }

    /// <summary>Re-trains candidate <paramref name="name"/> of a sampled run; returns what happened, for the user.</summary>
    public static string RunOne(TrainingContext ctx, string name)
    {
        var state = ctx.Run.LoadState();
        if (!state.Completed(AdaShareNames.Sample))
            throw new UserErrorException($"{ctx.Run.Root} has no sampled candidates yet; run `adashare train --resume {ctx.Run.Root} --until sample` first");
        var candidate = state.Candidates.FirstOrDefault(c => c.Name == name);
        if (candidate == null)
        {
            var twin = TwinOf(ctx.Run, state, name);
            if (twin != null)
                return $"{name} is identical to {twin}, which is re-trained instead; nothing to do";
            throw new UserErrorException($"unknown candidate '{name}' (candidates of {ctx.Run.Root}: {string.Join(", ", state.Candidates.Select(c => c.Name))})");
        }
        if (candidate.Retrained || File.Exists(ResultFile(ctx.Run, name)))
            return $"{name} is already re-trained";
        RetrainPhase.Retrain(ForCandidate(ctx, name), candidate);
        return $"{name} re-trained; its result is in {ResultFile(ctx.Run, name)}";
    }

    /// <summary>
    /// Re-trains <paramref name="candidates"/> as `train --resume DIR --candidate NAME` jobs, ctx.Jobs at a time, each
    /// with its share of this process's threads; ctx.Launcher starts them (child processes of this program by default)
    /// and their progress shows here. The re-train phase then collects their results as those of any other candidate job.
    /// </summary>
    public static void RunAsJobs(TrainingContext ctx, IReadOnlyList<CandidateResult> candidates)
    {
        int jobs = Math.Min(ctx.Jobs, candidates.Count);
        int threads = Math.Max(1, TorchSharp.torch.get_num_threads() / jobs);
        ctx.Progress.Message($"re-training {string.Join(", ", candidates.Select(c => c.Name))}: {jobs} jobs side by side, {threads} thread{(threads > 1 ? "s" : "")} each");
        var relay = new ChildProgressRelay(ctx.Progress);
        var children = candidates.Select(c => new ParallelJobs.Job(c.Name, new[] { "train", "--resume", ctx.Run.Root, "--candidate", c.Name, "--plain" })).ToList();
        ctx.Launcher.Run(children, jobs, threads, (job, line) => relay.Line(job.Name, line));
    }

    /// <summary>Writes a re-trained candidate's validation result (atomically).</summary>
    public static void Record(TrainingContext ctx, CandidateResult candidate)
    {
        Directory.CreateDirectory(Folder(ctx.Run));
        ctx.Run.WriteJson(ResultFile(ctx.Run, candidate.Name), candidate);
    }

    /// <summary>Takes a candidate job's result (and its training-log rows) into the run; false when it has not finished.</summary>
    public static bool TryCollect(TrainingContext ctx, CandidateResult candidate)
    {
        var result = ctx.Run.ReadJson<CandidateResult>(ResultFile(ctx.Run, candidate.Name));
        if (result is not { Retrained: true })
            return false;
        candidate.ValMetrics = result.ValMetrics;
        candidate.Parameters = result.Parameters;
        candidate.Retrained = true;
        string log = LogFile(ctx.Run, candidate.Name);
        if (File.Exists(log))
        {
            string phase = AdaShareNames.RetrainOf(candidate.Name);
            ctx.Log.TruncatePhase(phase, 0);
            foreach (var step in TrainLog.Read(log).Where(r => r.Phase == phase).GroupBy(r => r.Step))
                ctx.Log.Append(phase, step.Key, step.ToDictionary(r => r.Name, r => r.Value));
        }
        return true;
    }

    private static string? TwinOf(RunDirectory run, RunState state, string name)
    {
        string file = Path.Combine(run.Policies, name + ".json");
        if (!File.Exists(file))
            return null;
        string text = File.ReadAllText(file);
        return state.Candidates.FirstOrDefault(c => File.ReadAllText(Path.Combine(run.Root, c.PolicyFile)) == text)?.Name;
    }
}
