using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Weighting;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Training.Phases;

/// <summary>
/// Plain training of the network weights with fixed gates (warm-up: hard sharing; re-train: a sampled policy):
/// Adam with step decay, checkpoints every N steps, exact resume.
/// </summary>
public static class SupervisedLoop
{
    public static void Run(TrainingContext ctx, IMultiTaskModel model, string phase, string description,
        long iterations, IMultiTaskDataset data)
    {
        var t = ctx.Config.Train;
        string dir = ctx.Run.PhaseCheckpoint(phase);
        var weighting = ctx.CreateWeighting(data);
        var shared = SharedGradients.Trainable(model.BackboneParameters());
        var optimizer = Optimizers.WeightsAdam(model, t);
        var baseRates = Optimizers.AddWeightingGroup(optimizer, weighting.Parameters, t);
        var optimizers = new Dictionary<string, OptimizerHelper> { ["weights"] = optimizer };
        var saved = Checkpoint.TryLoad(ctx.Run, dir, model.Module, null, optimizers, ctx.Warn);
        if (saved?.Done == true)
            return;
        WeightingSnapshot.Restore(weighting, saved?.Weighting, dir);
        long start = saved?.Iteration ?? 0;
        var guard = new DivergenceGuard(t.DivergenceFactor, saved?.RecentLosses.GetValueOrDefault("loss"));
        var decay = new StepDecay(optimizer, baseRates, t.LrStep, t.LrGamma);
        var batches = ctx.Batches(data);
        // UW's log-variances are averaged with the network's gradients, so every rank keeps the same weights.
        var sync = ctx.Parallel.Attach(model.Module, model.Module.parameters().Concat(weighting.Parameters));
        ctx.Log.TruncatePhase(phase, start + 1);
        ctx.Progress.PhaseStarted(phase, description, iterations, start);
        model.Module.train();
        for (long it = start; it < iterations; it++)
        {
            using (NewDisposeScope())
            {
                ctx.SeedStep(phase, it);
                double lr = decay.Apply(it);
                using var batch = batches.Training(t.BatchSize, ctx.Config.Seed, phase, it, ctx.Config.Data.Flip);
                optimizer.zero_grad();
                var outputs = model.Forward(batch.Images);
                var (losses, perTask) = ctx.Loss.PerTask(outputs, batch, $"{phase} step {it + 1}");
                var step = weighting.Backward(losses, shared, it);
                sync.AfterBackward();
                optimizer.step();
                sync.AfterStep();
                float loss = step.Loss;
                if (guard.Observe(loss))
                    ctx.Warn(guard.Describe($"{phase} step {it + 1}", loss));
                Report(ctx, phase, it + 1, loss, perTask, lr, TaskWeights(ctx, step.Weights));
            }
            if ((it + 1) % t.CheckpointEvery == 0 && it + 1 < iterations)
            {
                ctx.CheckReplicas(phase, it + 1, model.Module); // collective: every rank, diverged or not
                // A diverged model is not saved over the last healthy one: a later NaN stop keeps that one.
                if (!guard.Diverged)
                    Checkpoint.Save(ctx.Run, dir, model.Module, null, optimizers, Progress(phase, it + 1, false, guard, weighting));
            }
        }
        ctx.CheckReplicas(phase, iterations, model.Module);
        Checkpoint.Save(ctx.Run, dir, model.Module, null, optimizers, Progress(phase, iterations, true, guard, weighting));
        ctx.Progress.PhaseFinished(phase);
    }

    private static PhaseProgress Progress(string phase, long iteration, bool done, DivergenceGuard guard, ILossWeighting weighting) => new()
    {
        Phase = phase, Iteration = iteration, Done = done, RecentLosses = new() { ["loss"] = guard.Recent.ToList() },
        Weighting = WeightingSnapshot.Of(weighting),
    };

    /// <summary>The step's loss multipliers as "weight/&lt;task&gt;" (train-log.csv, TensorBoard, the training-curves plot).</summary>
    public static Dictionary<string, double> TaskWeights(TrainingContext ctx, IReadOnlyList<double> weights, IReadOnlyDictionary<string, double>? extra = null)
    {
        var values = extra == null ? new Dictionary<string, double>() : new Dictionary<string, double>(extra);
        for (int k = 0; k < weights.Count; k++)
            values[$"weight/{ctx.Tasks[k].Name}"] = weights[k];
        return values;
    }

    /// <summary>Sends a step's numbers to the progress sink and, every log_every steps, to train-log.csv.</summary>
    public static void Report(TrainingContext ctx, string phase, long step, double total, double[] perTask, double lr,
        IReadOnlyDictionary<string, double>? extra)
    {
        if (ctx.Parallel.Ranks > 1)
        {
            var values = perTask.Append(total).ToArray();
            ctx.Parallel.AverageInPlace(values);
            perTask = values[..^1];
            total = values[^1];
        }
        var scalars = new Dictionary<string, double> { ["loss"] = total };
        for (int k = 0; k < perTask.Length; k++)
            scalars[$"loss/{ctx.Tasks[k].Name}"] = perTask[k];
        scalars["lr"] = lr;
        if (extra != null)
            foreach (var (k, v) in extra)
                scalars[k] = v;
        ctx.Progress.Step(phase, step, scalars);
        if (step % ctx.Config.Train.LogEvery == 0 || step == 1)
            ctx.Log.Append(phase, step, scalars);
    }
}
