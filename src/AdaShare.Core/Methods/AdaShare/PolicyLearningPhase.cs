using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;
using AdaShare.Training.Phases;
using AdaShare.Weighting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// Phase 2: learn the select-or-skip distribution. Each alternation runs weight updates on train1 (gates sampled but
/// detached) and then policy updates on train2 (weights frozen; task losses + sparsity + sharing; gradients reach the
/// logits through Gumbel-Softmax). The curriculum opens decisions from the last block backwards; τ decays after
/// every policy update phase.
/// </summary>
public sealed class PolicyLearningPhase : IPhase
{
    public string Name => AdaShareNames.Policy;
    public IReadOnlyList<string> Requires => new[] { AdaShareNames.WarmUp };
    public bool RunsOnEveryRank => true;

    public static PolicyLogits CreateLogits(TrainingContext ctx, int blocks) => CreateLogits(ctx.Config, blocks);

    /// <summary>The logits a run of <paramref name="config"/> learns (also for reading them back without a training context).</summary>
    // Stryker disable once String : the root module's name appears in no state-dict key, file or output
    public static PolicyLogits CreateLogits(ExperimentConfig config, int blocks) =>
        new("policy", config.Tasks.Count, blocks, config.Policy.SkipLayer, config.Policy.InitLogit);

    public void Run(TrainingContext ctx, RunState state)
    {
        var t = ctx.Config.Train;
        var p = ctx.Config.Policy;
        using var model = AdaShareMethod.CreateNetwork(ctx);
        using var policy = CreateLogits(ctx, model.BlockCount);
        // Stryker disable once Statement : the CPU build has one device, where the logits are created; a CUDA build needs it
        policy.to(ctx.Device);
        var weightOpt = Optimizers.WeightsPolicyPhase(model, t);
        var policyOpt = Optimizers.Policy(policy.parameters(), t);
        var weighting = ctx.CreateWeighting(ctx.Data.Train1);
        var shared = SharedGradients.Trainable(model.BackboneParameters());
        Optimizers.AddWeightingGroup(weightOpt, weighting.Parameters, t);
        var optimizers = new Dictionary<string, OptimizerHelper> { ["weights"] = weightOpt, ["policy"] = policyOpt };
        string dir = ctx.Run.PhaseCheckpoint(Name);
        var saved = Checkpoint.TryLoad(ctx.Run, dir, model, policy, optimizers, ctx.Warn);
        if (saved?.Done == true)
            return;
        WeightingSnapshot.Restore(weighting, saved?.Weighting, dir);
        // The config's rates, not the saved optimiser's: `--resume --set train.lr_*=` must take effect.
        SetRates(weightOpt, t.LrHeads, t.LrBackbone);
        SetRates(policyOpt, t.LrPolicy);
        var weightGuard = new DivergenceGuard(t.DivergenceFactor, saved?.RecentLosses.GetValueOrDefault("weights"));
        var policyGuard = new DivergenceGuard(t.DivergenceFactor, saved?.RecentLosses.GetValueOrDefault("policy"));
        if (saved == null)
            Checkpoint.LoadModel(model, Path.Combine(ctx.Run.PhaseCheckpoint(AdaShareNames.WarmUp), "model.pt"));

        int start = saved?.Alternation ?? 0;
        int perAlternation = t.WeightItersPerAlternation + t.PolicyItersPerAlternation;
        ctx.Log.TruncatePhase(Name, (long)start * perAlternation + 1);
        ctx.Log.TruncatePhase(AdaShareNames.PolicyProbabilitiesLog, (long)start * perAlternation + 1);
        ctx.Log.TruncatePhase(AdaShareNames.PolicyValidationLog, (long)start * perAlternation + 1);
        ctx.Progress.PhaseStarted(Name, "policy learning", (long)t.Alternations * perAlternation, (long)start * perAlternation);
        var weightSync = ctx.Parallel.Attach(model, model.parameters().Concat(weighting.Parameters));
        var policySync = ctx.Parallel.Attach(policy, policy.parameters());
        var weightBatches = ctx.Batches(ctx.Data.Train1);
        var policyBatches = ctx.Batches(ctx.Data.Train2);
        bool hard = p.GumbelMode == GumbelMode.Hard;
        // Stryker disable once Statement : a module is in training mode from construction; nothing before switches it
        model.train();

        for (int a = start; a < t.Alternations; a++)
        {
            int firstActive = Curriculum.FirstActiveBlock(a, p.CurriculumSpeed, model.BlockCount, p.SkipLayer, p.Curriculum);
            double tau = TemperatureSchedule.At(p.Tau0, p.TauDecay, a);
            var extra = new Dictionary<string, double> { ["tau"] = tau, ["active_blocks"] = model.BlockCount - firstActive };

            for (int j = 0; j < t.WeightItersPerAlternation; j++)
            {
                long step = (long)a * perAlternation + j;
                long index = (long)a * t.WeightItersPerAlternation + j;
                using var scope = NewDisposeScope();
                weightOpt.zero_grad();
                // Stryker disable once Boolean : same gate values; the logits' extra gradient is cleared before every policy step
                var (losses, perTask) = SampledStep(ctx, model, policy, weightBatches, "policy-weights", index, step, tau, hard, firstActive,
                    withGradient: false, $"policy phase, alternation {a + 1}, weight step {j + 1}");
                var weighted = weighting.Backward(losses, shared, index);
                weightSync.AfterBackward();
                weightOpt.step();
                weightSync.AfterStep();
                float loss = weighted.Loss;
                if (weightGuard.Observe(loss))
                    ctx.Warn(weightGuard.Describe($"policy phase, alternation {a + 1}, weight step {j + 1}", loss));
                SupervisedLoop.Report(ctx, Name, step + 1, loss, perTask, t.LrBackbone, SupervisedLoop.TaskWeights(ctx, weighted.Weights, extra));
            }

            // Stryker disable once Statement,Boolean : the weights' gradients it saves are never read (time and memory only)
            SetRequiresGrad(model, false);
            try
            {
                for (int j = 0; j < t.PolicyItersPerAlternation; j++)
                {
                    long step = (long)a * perAlternation + t.WeightItersPerAlternation + j;
                    long index = (long)a * t.PolicyItersPerAlternation + j;
                    using var scope = NewDisposeScope();
                    policyOpt.zero_grad();
                    var (losses, perTask) = SampledStep(ctx, model, policy, policyBatches, "policy-policy", index, step, tau, hard, firstActive,
                        withGradient: true, $"policy phase, alternation {a + 1}, policy step {j + 1}");
                    // The policy step weights its task losses with the weighting's current multipliers (no gradient surgery:
                    // the logits are not shared parameters), so policy and weights see the same task balance.
                    using var taskLoss = LossSum.Weighted(losses, weighting.Weights);
                    using var sparsity = PolicyRegularizers.Sparsity(policy.logits, firstActive - p.SkipLayer);
                    using var sharing = PolicyRegularizers.Sharing(policy.logits, p.SharingWeightingMode == SharingWeighting.Paper, p.SharingOnMode == SharingOn.Probability);
                    using var entropy = PolicyRegularizers.Entropy(policy.logits, firstActive - p.SkipLayer);
                    using var total = taskLoss + p.SparsityWeight * sparsity + p.SharingWeight * sharing + PolicyRegularizers.EntropyWeightAt(p.EntropyWeight, tau, p.EntropyStartTau ?? p.Tau0) * entropy;
                    total.backward();
                    policySync.AfterBackward();
                    policyOpt.step();
                    weightSync.AfterStep(); // batch-norm statistics moved in this forward pass too
                    float loss = total.item<float>();
                    if (policyGuard.Observe(loss))
                        ctx.Warn(policyGuard.Describe($"policy phase, alternation {a + 1}, policy step {j + 1}", loss));
                    var policyExtra = new Dictionary<string, double>(extra)
                    {
                        ["sparsity"] = sparsity.item<float>(),
                        ["sharing"] = sharing.item<float>(),
                        ["entropy"] = entropy.item<float>(),
                    };
                    SupervisedLoop.Report(ctx, Name, step + 1, loss, perTask, t.LrPolicy, policyExtra);
                }
            }
            finally
            {
                SetRequiresGrad(model, true);
            }
            LogProbabilities(ctx, policy, (long)(a + 1) * perAlternation);
            if (p.Source == PolicySource.Best)
            {
                double score = new BestPolicyTracker(ctx).Update(model, policy, a + 1);
                ctx.Log.Append(AdaShareNames.PolicyValidationLog, (long)(a + 1) * perAlternation, new Dictionary<string, double> { ["val_score"] = score });
            }
            bool done = a + 1 == t.Alternations;
            ctx.CheckReplicas(Name, (long)(a + 1) * perAlternation, model, policy);
            // A diverged model is not saved over the last healthy one: a later NaN stop keeps that one.
            if (done || !(weightGuard.Diverged || policyGuard.Diverged))
                Checkpoint.Save(ctx.Run, dir, model, policy, optimizers, Progress(a + 1, (long)(a + 1) * perAlternation, done, weightGuard, policyGuard, weighting));
        }
        if (t.Alternations == 0 || start >= t.Alternations)
            Checkpoint.Save(ctx.Run, dir, model, policy, optimizers, Progress(t.Alternations, (long)t.Alternations * perAlternation, true, weightGuard, policyGuard, weighting));
        ctx.Progress.PhaseFinished(Name);
    }

    /// <summary>
    /// One forward pass with a fresh Gumbel draw (per batch or per image, policy.gumbel_draw): batch <paramref name="index"/> of <paramref name="stream"/>, dropout and
    /// noise seeded by <paramref name="step"/>, so a resumed run draws the same. Returns the unweighted task losses.
    /// </summary>
    private (Tensor[] Losses, double[] PerTask) SampledStep(TrainingContext ctx, MultiTaskNet model, PolicyLogits policy, BatchBuilder batches,
        string stream, long index, long step, double tau, bool hard, int firstActive, bool withGradient, string where)
    {
        ctx.SeedStep(Name, step);
        using var gen = new Generator((ulong)SeedMix.Hash(ctx.Config.Seed, "gumbel", step), ctx.Device);
        using var batch = batches.Training(ctx.Config.Train.BatchSize, ctx.Config.Seed, stream, index, ctx.Config.Data.Flip);
        int images = ctx.Config.Policy.GumbelDrawMode == GumbelDraw.Image ? (int)batch.Images.shape[0] : 0;
        var gates = policy.SampleGates(tau, hard, firstActive, withGradient, gen, images);
        var outputs = model.Forward(batch.Images, gates);
        return ctx.Loss.PerTask(outputs, batch, where);
    }

    private PhaseProgress Progress(int alternation, long iteration, bool done, DivergenceGuard weights, DivergenceGuard policy, ILossWeighting weighting) => new()
    {
        Phase = Name, Alternation = alternation, Iteration = iteration, Done = done,
        RecentLosses = new() { ["weights"] = weights.Recent.ToList(), ["policy"] = policy.Recent.ToList() },
        Weighting = WeightingSnapshot.Of(weighting),
    };

    private static void SetRates(OptimizerHelper optimizer, params double[] rates)
    {
        int i = 0;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = rates[Math.Min(i++, rates.Length - 1)];
    }

    private static void SetRequiresGrad(MultiTaskNet model, bool value)
    // Stryker disable once Block : see the call above; only time and memory differ
    {
        foreach (var parameter in model.parameters())
            parameter.requires_grad = value;
    }

    /// <summary>Execute probabilities per (task, block) into train-log.csv, for the policy-evolution plot.</summary>
    private static void LogProbabilities(TrainingContext ctx, PolicyLogits policy, long step)
    {
        var probs = policy.ExecuteProbabilities();
        var values = new Dictionary<string, double>();
        for (int k = 0; k < policy.Tasks; k++)
            for (int l = 0; l < policy.DecisionBlocks; l++)
                values[$"p_execute/{ctx.Tasks[k].Name}/{l + policy.SkipLayer}"] = probs[k, l];
        ctx.Log.Append(AdaShareNames.PolicyProbabilitiesLog, step, values);
    }
}
