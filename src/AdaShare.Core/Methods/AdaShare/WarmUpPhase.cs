using AdaShare.Model;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Methods.AdaShare;

/// <summary>Phase 1: hard parameter sharing — every task executes every block — from the run's initial weights.</summary>
public sealed class WarmUpPhase : IPhase
{
    public string Name => AdaShareNames.WarmUp;
    public IReadOnlyList<string> Requires => Array.Empty<string>();
    public bool RunsOnEveryRank => true;

    public void Run(TrainingContext context, RunState state)
    {
        using var model = AdaShareMethod.CreateNetwork(context);
        SupervisedLoop.Run(context, new GatedModel(model, null), Name, "warm-up (hard sharing)", context.Config.Train.WarmupIters, context.Data.Train);
    }
}
