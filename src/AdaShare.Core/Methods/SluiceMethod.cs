using AdaShare.Baselines;
using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>Sluice networks (Ruder et al. 2019).</summary>
public sealed class SluiceMethod : BaselineMethod
{
    public override string Name => "sluice";
    public override string Description => "sluice networks: a trunk per task, subspaces mixed by alpha after each stage, stage outputs mixed by beta for the heads (Ruder et al. 2019)";
    public override IMultiTaskModel Create(TrainingContext ctx) => new SluiceNet(Name, ctx.Config.Model, ctx.Tasks);
}
