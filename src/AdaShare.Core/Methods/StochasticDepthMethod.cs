using AdaShare.Baselines;
using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>AdaShare's stochastic-depth ablation: hard sharing with blocks dropped at random in training.</summary>
public sealed class StochasticDepthMethod : BaselineMethod
{
    public override string Name => "stochastic-depth";
    public override string Description => "hard sharing with stochastic depth (survival 1 − 0.5·l/L, shared by the tasks)";
    public override IMultiTaskModel Create(TrainingContext ctx) =>
        new StochasticDepthNet(Name, new MultiTaskNet("net", ctx.Config.Model, ctx.Tasks));
}
