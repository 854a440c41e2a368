using AdaShare.Baselines;
using AdaShare.Data;
using AdaShare.Methods.AdaShare;
using AdaShare.Model;

namespace AdaShare.Methods;

/// <summary>
/// AdaShare's random-policy ablation: a seeded random policy with policy.random_execute_rate, re-trained like
/// AdaShare's sampled policy (same network, same budget). In a comparison it takes the execute rate AdaShare learned.
/// </summary>
public static class RandomPolicyBaseline
{
    public const string Name = "random-policy";

    public static BaselineMethod Method { get; } = new(Name,
        "a random select-or-skip policy with AdaShare's execute rate (policy.random_execute_rate)",
        (name, ctx) => new GatedModel(new MultiTaskNet(name, ctx.Config.Model, ctx.Tasks), Policy(ctx)),
        policy: Policy,
        adapt: (config, finishedRun) =>
        {
            if (finishedRun(AdaShareNames.Method) is { } adashare)
            {
                config.Policy.RandomExecuteRate = adashare.ExecuteRate;
                return null;
            }
            return $"{Name}: no finished AdaShare run of this comparison; using policy.random_execute_rate = {config.Policy.RandomExecuteRate}";
        });

    private static Model.Policy.TaskPolicy Policy(Training.TrainingContext ctx)
    {
        int blocks = BackboneSpec.Create(ctx.Config.Model.Backbone, ctx.Config.Model.Width).BlockCount;
        return RandomPolicy.Create(ctx.TaskNames, blocks, ctx.Config.Policy.RandomExecuteRate, SeedMix.Hash(ctx.Config.Seed, Name, 0));
    }
}
