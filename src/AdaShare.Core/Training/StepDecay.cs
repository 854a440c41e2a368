using TorchSharp.Modules;

namespace AdaShare.Training;

/// <summary>Step learning-rate decay by iteration: lr = lr0 · γ^(iteration / step), per parameter group.</summary>
public sealed class StepDecay(OptimizerHelper optimizer, double[] baseRates, int step, double gamma)
{
    public double Apply(long iteration)
    {
        double factor = Math.Pow(gamma, iteration / step);
        int i = 0;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = baseRates[i++] * factor;
        return baseRates[0] * factor;
    }
}
