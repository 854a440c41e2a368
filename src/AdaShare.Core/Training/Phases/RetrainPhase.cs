using AdaShare.Metrics;
using AdaShare.Model;
using AdaShare.Model.Policy;

namespace AdaShare.Training.Phases;

/// <summary>
/// Phase 4: for each sampled policy, re-train a fresh network from the run's initial random weights with that policy
/// fixed (skipped blocks are not computed), score it on the validation split, and select the best — never on test.
/// </summary>
public sealed class RetrainPhase : IPhase
{
    public string Name => "retrain";
    public IReadOnlyList<string> Requires => new[] { "sample" };
    // candidates/: the results of `--candidate` jobs
    public IReadOnlyList<string> Outputs => new[] { "policy.json", "candidates" };

    public bool RunsOnEveryRank => true;

    public void Run(TrainingContext ctx, RunState state)
    {
        if (state.Candidates.Count == 0)
            throw new InvalidOperationException("no sampled policy to re-train: run the sample phase first");
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
                CandidateFanOut.RunAsProcesses(ctx, pending);
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
                throw new InvalidOperationException(
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
        using var model = ctx.CreateInitialModel();
        var gated = new GatedModel(model, policy);
        SupervisedLoop.Run(ctx, gated, $"retrain-{candidate.Name}", $"re-train {candidate.Name}", ctx.Config.Train.RetrainIters, ctx.Data.Train);
        if (!ctx.Run.IsWriter)
        {
            candidate.Retrained = true; // rank 0 scores and records it; the other ranks read state.json after the phase
            return;
        }
        var val = Evaluator.Evaluate(gated, ctx.Batches(ctx.Data.Val), ctx.Tasks, ctx.Config.Eval.BatchSize,
            ctx.Config.Eval.Metrics == "official-compat", ctx.Config.Eval.Upsample == "bilinear");
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
        var scores = CandidateSelection.Scores(ctx.Tasks, state.Candidates.Select(c => c.ValMetrics).ToList(), Comparison.ComparisonTable.MetricSetOf(ctx.Config));
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
