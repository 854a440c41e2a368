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
    public bool RunsOnEveryRank => true;

    public void Run(TrainingContext ctx, RunState state)
    {
        if (state.Candidates.Count == 0)
            throw new InvalidOperationException("no sampled policy to re-train: run the sample phase first");
        foreach (var candidate in state.Candidates)
        {
            if (candidate.Retrained)
                continue;
            var policy = LoadPolicy(ctx, candidate);
            using var model = ctx.CreateInitialModel();
            var gated = new GatedModel(model, policy);
            SupervisedLoop.Run(ctx, gated, $"retrain-{candidate.Name}", $"re-train {candidate.Name}", ctx.Config.Train.RetrainIters, ctx.Data.Train);
            if (!ctx.Run.IsWriter)
                continue; // rank 0 scores the candidate and records it; the others wait for it at the next barrier
            var val = Evaluator.Evaluate(gated, ctx.Batches(ctx.Data.Val), ctx.Tasks, ctx.Config.Eval.BatchSize,
                ctx.Config.Eval.Metrics == "official-compat", ctx.Config.Eval.Upsample == "bilinear");
            candidate.ValMetrics = val.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
            candidate.Parameters = gated.CountParameters();
            candidate.Retrained = true;
            ctx.Run.SaveState(state);
        }
        if (ctx.Run.IsWriter)
            Select(ctx, state);
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
        File.Copy(Path.Combine(ctx.Run.Root, selected.PolicyFile), ctx.Run.PolicyJson, overwrite: true);
        ctx.Progress.Message($"selected {selected.Name} on the validation split" + (state.Candidates.Count > 1 ? $" (Δ vs the candidates' mean: {selected.ValScore:+0.00;-0.00}%)" : ""));
    }
}
