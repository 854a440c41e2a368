using AdaShare.Baselines;
using AdaShare.Data;
using AdaShare.Model;

namespace AdaShare.Methods;

/// <summary>
/// The paper's baselines, one row each: name, description, how the network is built. The architectures are in
/// AdaShare.Baselines; every baseline is trained and evaluated by the same phases (<see cref="BaselineMethod"/>).
/// </summary>
public static class BaselineTable
{
    public static IReadOnlyList<BaselineMethod> All { get; } = new BaselineMethod[]
    {
        new("single-task", "one network per task, trained separately (reference of Δ_T)",
            (name, ctx) => new GatedModel(new MultiTaskNet(name, ctx.Config.Model, ctx.Tasks), null), oneModelPerTask: true),
        new("hard-sharing", "hard parameter sharing: one trunk for all tasks, a head per task",
            (name, ctx) => new GatedModel(new MultiTaskNet(name, ctx.Config.Model, ctx.Tasks), null)),
        RandomPolicyBaseline.Method,
        new("stochastic-depth", "hard sharing with stochastic depth (survival 1 − 0.5·l/L, shared by the tasks)",
            (name, ctx) => new StochasticDepthNet(name, new MultiTaskNet("net", ctx.Config.Model, ctx.Tasks))),
        new("cross-stitch", "cross-stitch networks: a trunk per task, mixed per channel after each stage (Misra et al. 2016)",
            (name, ctx) => new CrossStitchNet(name, ctx.Config.Model, ctx.Tasks)),
        new("mtan", "MTAN: shared trunk with per-task attention modules at each stage (Liu et al. 2019)",
            (name, ctx) => new MtanNet(name, ctx.Config.Model, ctx.Tasks)),
        new("nddr", "NDDR-CNN: a trunk per task, fused by 1×1 conv + BN + ReLU after each stage (Gao et al. 2019)",
            (name, ctx) => new NddrNet(name, ctx.Config.Model, ctx.Tasks)),
        new("sluice", "sluice networks: a trunk per task, subspaces mixed by alpha after each stage, stage outputs mixed by beta for the heads (Ruder et al. 2019)",
            (name, ctx) => new SluiceNet(name, ctx.Config.Model, ctx.Tasks)),
    };
}
