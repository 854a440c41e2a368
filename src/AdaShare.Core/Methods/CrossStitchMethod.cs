using AdaShare.Baselines;
using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>Cross-stitch networks (Misra et al. 2016).</summary>
public sealed class CrossStitchMethod : BaselineMethod
{
    public override string Name => "cross-stitch";
    public override string Description => "cross-stitch networks: a trunk per task, mixed per channel after each stage (Misra et al. 2016)";
    public override IMultiTaskModel Create(TrainingContext ctx) => new CrossStitchNet(Name, ctx.Config.Model, ctx.Tasks);
}
