using AdaShare.Model;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>Plain multi-task learning: every block shared by every task, one head per task.</summary>
public sealed class HardSharingMethod : BaselineMethod
{
    public override string Name => "hard-sharing";
    public override string Description => "hard parameter sharing: one trunk for all tasks, a head per task";
    public override IMultiTaskModel Create(TrainingContext ctx) => new GatedModel(new MultiTaskNet(Name, ctx.Config.Model, ctx.Tasks), null);
}
