using AdaShare.Config;
using AdaShare.Model;
using TorchSharp;
using TorchSharp.Modules;

namespace AdaShare.Training;

/// <summary>The optimisers of the official schedule, with two parameter groups (heads, backbone).</summary>
public static class Optimizers
{
    /// <summary>Warm-up and re-train: Adam, betas (0.5, 0.999), weight decay.</summary>
    public static Adam WeightsAdam(IMultiTaskModel model, TrainConfig t) =>
        torch.optim.Adam(new[]
        {
            new Adam.ParamGroup(model.HeadParameters(), t.LrHeads, 0.5, 0.999, 1e-8, t.WeightDecay, false, false),
            new Adam.ParamGroup(model.BackboneParameters(), t.LrBackbone, 0.5, 0.999, 1e-8, t.WeightDecay, false, false),
        }, t.LrHeads, 0.5, 0.999, 1e-8, t.WeightDecay, false, false);

    /// <summary>Weights during policy learning: SGD momentum 0.9 with constant LR (official), or the Adam above.</summary>
    public static OptimizerHelper WeightsPolicyPhase(MultiTaskNet model, TrainConfig t) =>
        t.PolicyPhaseWeightOptimizerKind == WeightOptimizer.Adam
            ? WeightsAdam(new GatedModel(model, null), t)
            : torch.optim.SGD(new[]
            {
                new SGD.ParamGroup(model.HeadParameters(), t.LrHeads, 0.9, 0, t.WeightDecay, false, false),
                new SGD.ParamGroup(model.BackboneParameters(), t.LrBackbone, 0.9, 0, t.WeightDecay, false, false),
            }, t.LrHeads, 0.9, 0, t.WeightDecay, false, false);

    /// <summary>Policy logits: Adam, lr 0.01, weight decay 5e-4.</summary>
    public static Adam Policy(IEnumerable<Parameter> logits, TrainConfig t) =>
        torch.optim.Adam(logits, t.LrPolicy, 0.9, 0.999, 1e-8, t.PolicyWeightDecay, false, false);

    public static double[] BaseRates(TrainConfig t) => new[] { t.LrHeads, t.LrBackbone };

    /// <summary>
    /// A loss weighting's learnable parameters (UW's log-variances) as a third group of the weights optimiser, at the
    /// backbone's rate, without weight decay; returns the groups' base rates for <see cref="StepDecay"/>. No parameters: no group.
    /// </summary>
    public static double[] AddWeightingGroup(OptimizerHelper optimizer, IReadOnlyList<Parameter> parameters, TrainConfig t)
    {
        if (parameters.Count == 0)
            return BaseRates(t);
        switch (optimizer)
        {
            case Adam adam:
                adam.add_param_group(new Adam.ParamGroup(parameters, t.LrBackbone, 0.5, 0.999, 1e-8, 0, false, false));
                break;
            case SGD sgd:
                sgd.add_param_group(new SGD.ParamGroup(parameters, t.LrBackbone, 0.9, 0, 0, false, false));
                break;
            default:
                throw new NotSupportedException($"loss weighting parameters for {optimizer.GetType().Name}");
        }
        return new[] { t.LrHeads, t.LrBackbone, t.LrBackbone };
    }
}
