using AdaShare.Baselines;
using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>NDDR-CNN (Gao et al. 2019).</summary>
public sealed class NddrMethod : BaselineMethod
{
    public override string Name => "nddr";
    public override string Description => "NDDR-CNN: a trunk per task, fused by 1×1 conv + BN + ReLU after each stage (Gao et al. 2019)";
    public override IMultiTaskModel Create(TrainingContext ctx) => new NddrNet(Name, ctx.Config.Model, ctx.Tasks);
}
