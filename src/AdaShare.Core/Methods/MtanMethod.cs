using AdaShare.Baselines;
using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>Multi-Task Attention Network (Liu et al. 2019).</summary>
public sealed class MtanMethod : BaselineMethod
{
    public override string Name => "mtan";
    public override string Description => "MTAN: shared trunk with per-task attention modules at each stage (Liu et al. 2019)";
    public override IMultiTaskModel Create(TrainingContext ctx) => new MtanNet(Name, ctx.Config.Model, ctx.Tasks);
}
