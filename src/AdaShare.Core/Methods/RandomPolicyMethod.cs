using AdaShare.Baselines;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>AdaShare's random-policy ablation: a seeded random policy with policy.random_execute_rate, re-trained
/// like AdaShare's sampled policy (same network, same budget).</summary>
public sealed class RandomPolicyMethod : BaselineMethod
{
    public override string Name => "random-policy";
    public override string Description => "a random select-or-skip policy with AdaShare's execute rate (policy.random_execute_rate)";

    public override IMultiTaskModel Create(TrainingContext ctx) =>
        new GatedModel(new MultiTaskNet(Name, ctx.Config.Model, ctx.Tasks), Policy(ctx));

    public override TaskPolicy Policy(TrainingContext ctx)
    {
        int blocks = BackboneSpec.Create(ctx.Config.Model.Backbone, ctx.Config.Model.Width).BlockCount;
        return RandomPolicy.Create(ctx.TaskNames, blocks, ctx.Config.Policy.RandomExecuteRate, SeedMix.Hash(ctx.Config.Seed, "random-policy", 0));
    }
}
