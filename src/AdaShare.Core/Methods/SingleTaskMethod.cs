using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>One full network (trunk + head) per task, trained separately; the reference of Δ_T.</summary>
public sealed class SingleTaskMethod : BaselineMethod
{
    public override string Name => "single-task";
    public override string Description => "one network per task, trained separately (reference of Δ_T)";
    public override bool OneModelPerTask => true;
    public override IMultiTaskModel Create(TrainingContext ctx) => new GatedModel(new MultiTaskNet(Name, ctx.Config.Model, ctx.Tasks), null);
}
