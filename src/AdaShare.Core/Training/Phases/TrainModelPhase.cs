namespace AdaShare.Training.Phases;

/// <summary>
/// Trains a baseline's network(s) with <see cref="SupervisedLoop"/> for train.retrain_iters iterations (Adam, step
/// decay), the budget AdaShare's re-train gets, from seeded initial weights. Single-task baselines train one network
/// per task, one after the other, each with its own checkpoint (resumable).
/// </summary>
public sealed class TrainModelPhase(IModelFactory factory) : IPhase
{
    public const string PhaseName = "train";

    public string Name => PhaseName;
    public IReadOnlyList<string> Requires => Array.Empty<string>();
    public IReadOnlyList<string> Outputs => new[] { "policy.json" };

    /// <summary>policy.json of a fixed-policy baseline follows from the config: a deleted or damaged one is written again.</summary>
    public void Repair(TrainingContext ctx, RunState state)
    {
        if (state.Completed(Name) && factory.Policy(ctx) is { } policy)
            PolicyFile.Restore(ctx, policy.ToJson(), $"the {ctx.Config.Method} config");
    }

    public bool RunsOnEveryRank => true;

    public void Run(TrainingContext ctx, RunState state)
    {
        if (factory.Policy(ctx) is { } policy)
            ctx.Run.WriteText(ctx.Run.PolicyJson, policy.ToJson());
        foreach (var part in ModelPart.Of(ctx, factory))
        {
            var model = part.CreateModel(factory);
            using var module = model.Module;
            string description = factory.OneModelPerTask ? $"{ctx.Config.Method}: {part.Context.TaskNames[0]}" : ctx.Config.Method;
            SupervisedLoop.Run(part.Context, model, part.Phase, $"train {description}", ctx.Config.Train.RetrainIters, ctx.Data.Train);
        }
    }
}
