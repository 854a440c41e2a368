using AdaShare.Metrics;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// Phase 4: for each sampled policy, re-train a fresh network from the run's initial random weights with that policy
/// fixed (skipped blocks are not computed), score it on the validation split, and select the best — never on test.
/// </summary>
public sealed class RetrainPhase : IPhase
{
    public string Name => AdaShareNames.Retrain;
    public IReadOnlyList<string> Requires => new[] { AdaShareNames.Sample };
    // candidates/: the results of `--candidate` jobs
    public IReadOnlyList<string> Outputs => new[] { "policy.json", "candidates" };

    public bool RunsOnEveryRank => true;

    /// <summary>The re-trained candidates' results and the selection are this phase's: a re-run trains them again.</summary>
    public void Invalidate(RunState staged)
    {
        staged.SelectedCandidate = null;
        foreach (var c in staged.Candidates)
        {
            c.Retrained = false;
            c.ValMetrics.Clear();
            c.ValScore = null;
            c.Parameters = 0;
        }
    }

    public void Run(TrainingContext ctx, RunState state)
    {
        if (state.Candidates.Count == 0)
            throw new UserErrorException("no sampled policy to re-train: run the sample phase first");
        var waitUntil = DateTime.UtcNow + (ctx.AwaitCandidates ?? TimeSpan.Zero);
        // Candidates are independent: with --jobs N they re-train side by side as child processes, collected below.
        if (ctx.Jobs > 1 && ctx.AwaitCandidates == null && ctx.Parallel.Ranks == 1 && ctx.Run.IsWriter)
        {
            var pending = new List<CandidateResult>();
            foreach (var candidate in state.Candidates.Where(c => !c.Retrained))
            {
                if (CandidateFanOut.TryCollect(ctx, candidate))
                    ctx.Run.SaveState(state);
                else
                    pending.Add(candidate);
            }
            if (pending.Count > 1)
                CandidateFanOut.RunAsJobs(ctx, pending);
        }
        while (true)
        {
            foreach (var candidate in state.Candidates.Where(c => !c.Retrained))
            {
                // Re-trained elsewhere (`train --resume DIR --candidate NAME`, a job array): take its result.
                if (CandidateFanOut.TryCollect(ctx, candidate))
                    ctx.Run.SaveState(state);
                else if (ctx.AwaitCandidates == null)
                {
                    Retrain(ctx, candidate);
                    ctx.Run.SaveState(state);
                }
            }
            var missing = state.Candidates.Where(c => !c.Retrained).Select(c => c.Name).ToList();
            if (missing.Count == 0)
                break;
            if (DateTime.UtcNow >= waitUntil)
                throw new UserErrorException(
                    $"candidates not re-trained yet: {string.Join(", ", missing)}; run `adashare train --resume {ctx.Run.Root} --candidate NAME` for each " +
                    $"(finished: {string.Join(", ", state.Candidates.Where(c => c.Retrained).Select(c => c.Name).DefaultIfEmpty("none"))})");
            ctx.Progress.Message($"waiting for {string.Join(", ", missing)}");
            Thread.Sleep(TimeSpan.FromSeconds(5));
        }
        if (ctx.Run.IsWriter)
            Select(ctx, state);
    }

    /// <summary>
    /// Re-trains one candidate from the run's initial weights and (rank 0) scores it on the validation split, recording
    /// the result in the candidate and in candidates/NAME.json.
    /// </summary>
    public static void Retrain(TrainingContext ctx, CandidateResult candidate)
    {
        var policy = LoadPolicy(ctx, candidate);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        var gated = new GatedModel(model, policy);
        SupervisedLoop.Run(ctx, gated, AdaShareNames.RetrainOf(candidate.Name), $"re-train {candidate.Name}", ctx.Config.Train.RetrainIters, ctx.Data.Train);
        if (!ctx.Run.IsWriter)
        {
            candidate.Retrained = true; // rank 0 scores and records it; the other ranks read state.json after the phase
            return;
        }
        var val = Evaluator.Evaluate(gated, ctx.Batches(ctx.Data.Val), ctx.Tasks, ctx.Config.Eval.BatchSize,
            ctx.Config.Eval.Options);
        candidate.ValMetrics = val.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
        candidate.Parameters = gated.CountParameters();
        candidate.Retrained = true;
        CandidateFanOut.Record(ctx, candidate);
    }

    /// <summary>policy.json is a copy of the selected candidate's file: a deleted or damaged one is written again.</summary>
    public void Repair(TrainingContext ctx, RunState state)
    {
        if (state.SelectedCandidate is not int selected || selected >= state.Candidates.Count)
            return;
        var candidate = state.Candidates[selected];
        LoadPolicy(ctx, candidate);
        PolicyFile.Restore(ctx, File.ReadAllText(Path.Combine(ctx.Run.Root, candidate.PolicyFile)), candidate.PolicyFile);
    }

    /// <summary>A re-trained candidate's network with its policy, from its checkpoint; the caller disposes the module.</summary>
    public static GatedModel OpenRetrained(TrainingContext ctx, CandidateResult candidate)
    {
        var policy = LoadPolicy(ctx, candidate);
        var model = AdaShareMethod.CreateNetwork(ctx);
        Checkpoint.LoadModel(model, Path.Combine(ctx.Run.PhaseCheckpoint(AdaShareNames.RetrainOf(candidate.Name)), "model.pt"));
        return new GatedModel(model, policy);
    }

    public static TaskPolicy LoadPolicy(TrainingContext ctx, CandidateResult candidate)
    {
        string path = Path.Combine(ctx.Run.Root, candidate.PolicyFile);
        var policy = TaskPolicy.FromJson(File.ReadAllText(path), path);
        if (!policy.TaskNames.SequenceEqual(ctx.TaskNames))
            throw new InvalidDataException($"{path}: policy tasks ({string.Join(", ", policy.TaskNames)}) differ from the config's ({string.Join(", ", ctx.TaskNames)})");
        return policy;
    }

    /// <summary>Best candidate on validation (see <see cref="CandidateSelection"/>); ties keep the earlier draw.</summary>
    private static void Select(TrainingContext ctx, RunState state)
    {
        var scores = CandidateSelection.Scores(ctx.Tasks, state.Candidates.Select(c => c.ValMetrics).ToList(), DeltaTSettings.MetricSet(ctx.Config));
        for (int i = 0; i < scores.Length; i++)
            state.Candidates[i].ValScore = scores[i];
        int best = 0;
        for (int i = 1; i < state.Candidates.Count; i++)
            if (state.Candidates[i].ValScore > state.Candidates[best].ValScore)
                best = i;
        state.SelectedCandidate = best;
        var selected = state.Candidates[best];
        ctx.Run.WriteText(ctx.Run.PolicyJson, File.ReadAllText(Path.Combine(ctx.Run.Root, selected.PolicyFile)));
        ctx.Progress.Message($"selected {selected.Name} on the validation split" + (state.Candidates.Count > 1 ? $" (Δ vs the candidates' mean: {selected.ValScore:+0.00;-0.00}%)" : ""));
    }
}
