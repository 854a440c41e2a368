using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// Phase 3: draw fixed architectures from the learned distribution — independent seeded Bernoulli draws per
/// (task, block), optionally the argmax — and save each under policies/. Identical draws are re-trained once.
/// </summary>
public sealed class PolicySamplingPhase : IPhase
{
    public string Name => AdaShareNames.Sample;
    public IReadOnlyList<string> Requires => new[] { AdaShareNames.Policy };
    public IReadOnlyList<string> Outputs => new[] { "policies" };

    /// <summary>The candidates are this phase's result: a re-run draws them again.</summary>
    public void Invalidate(RunState staged)
    {
        staged.Candidates.Clear();
        staged.SelectedCandidate = null;
    }

    /// <summary>Every candidate's policy file must be readable before a later phase is re-run on it.</summary>
    public void VerifyOutputs(TrainingContext ctx, RunState state)
    {
        foreach (var c in state.Candidates)
            RetrainPhase.LoadPolicy(ctx, c);
    }

    public void Run(TrainingContext ctx, RunState state)
    {
        var p = ctx.Config.Policy;
        int blocks = BackboneSpec.Create(ctx.Config.Model.Backbone, ctx.Config.Model.Width).BlockCount;
        using var logits = PolicyLearningPhase.CreateLogits(ctx, blocks);
        var tracker = new BestPolicyTracker(ctx);
        if (p.Source == PolicySource.Best && tracker.Load() is { } best)
        {
            Checkpoint.LoadModel(logits, tracker.LogitsPath);
            ctx.Progress.Message($"sampling from the logits of alternation {best.Alternation} (best validation score {best.Score:+0.00;-0.00}% vs the first alternation)");
        }
        else
            Checkpoint.LoadModel(logits, Path.Combine(ctx.Run.PhaseCheckpoint(AdaShareNames.Policy), "policy.pt"));
        var probs = logits.ExecuteProbabilities();
        ctx.Run.WriteJson(Path.Combine(ctx.Run.Policies, "probabilities.json"), Enumerable.Range(0, ctx.Tasks.Count).ToDictionary(
            k => ctx.Tasks[k].Name,
            k => Enumerable.Range(0, blocks).Select(l => l < p.SkipLayer ? 1.0 : probs[k, l - p.SkipLayer]).ToList()));

        var drawn = new List<(string Name, TaskPolicy Policy)>();
        for (int i = 0; i < p.Samples; i++)
            drawn.Add(($"{AdaShareNames.SamplePrefix}{i + 1}", PolicySampler.Sample(probs, ctx.TaskNames, blocks, SeedMix.Hash(ctx.Config.Seed, "policy-sample", i))));
        if (p.IncludeArgmax)
            drawn.Add((AdaShareNames.Argmax, PolicySampler.Argmax(probs, ctx.TaskNames, blocks)));

        state.Candidates.Clear();
        state.SelectedCandidate = null;
        foreach (var (name, policy) in drawn)
        {
            string file = Path.Combine(ctx.Run.Policies, name + ".json");
            ctx.Run.WriteText(file, policy.ToJson());
            var twin = drawn.TakeWhile(d => d.Name != name).FirstOrDefault(d => d.Policy.SameAs(policy));
            if (twin.Name != null)
            {
                ctx.Progress.Message($"{name} is identical to {twin.Name}; it is not re-trained again");
                continue;
            }
            state.Candidates.Add(new CandidateResult { Name = name, PolicyFile = Path.GetRelativePath(ctx.Run.Root, file) });
        }
        ctx.Progress.Message($"sampled {drawn.Count} policies, {state.Candidates.Count} distinct");
    }
}
