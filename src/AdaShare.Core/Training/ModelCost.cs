using AdaShare.Metrics;
using AdaShare.Model;
using static TorchSharp.torch;

namespace AdaShare.Training;

/// <summary>Size and compute of a trained model: parameters and multiply-adds of one forward pass (batch 1, at the
/// given input size (the test split's), evaluation mode), in total and per task path.</summary>
public sealed record ModelCost(long Parameters, long MultiplyAdds, IReadOnlyDictionary<string, long> ParametersPerTask,
    IReadOnlyDictionary<string, long> MultiplyAddsPerTask)
{
    public static ModelCost Measure(IMultiTaskModel model, IReadOnlyList<string> taskNames, int height, int width, Device device)
    {
        bool wasTraining = model.Module.training;
        model.Module.eval();
        try
        {
            using var image = zeros(1, 3, height, width, device: device);
            var total = ModelComplexity.CountMultiplyAdds(model.Module, () =>
            {
                foreach (var output in model.Forward(image))
                    output.Dispose();
            });
            var paths = TaskPathComplexity.Count(model.Module, () => model.Forward(image));
            return new ModelCost(model.CountParameters(), total.Total,
                Enumerable.Range(0, taskNames.Count).ToDictionary(k => taskNames[k], k => paths.Parameters[k]),
                Enumerable.Range(0, taskNames.Count).ToDictionary(k => taskNames[k], k => paths.MultiplyAdds[k]));
        }
        finally
        {
            model.Module.train(wasTraining);
        }
    }

    /// <summary>Costs of independently deployed models (single-task networks): everything adds up.</summary>
    public static ModelCost Sum(IEnumerable<ModelCost> parts)
    {
        var list = parts.ToList();
        return new ModelCost(list.Sum(p => p.Parameters), list.Sum(p => p.MultiplyAdds),
            list.SelectMany(p => p.ParametersPerTask).ToDictionary(kv => kv.Key, kv => kv.Value),
            list.SelectMany(p => p.MultiplyAddsPerTask).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>Writes the counts into a run's metrics (the parameter counts of reference models are left as they are).</summary>
    public void WriteTo(RunMetrics metrics)
    {
        metrics.Parameters.Model = Parameters;
        metrics.Parameters.PerTask = new Dictionary<string, long>(ParametersPerTask);
        metrics.MultiplyAdds = MultiplyAdds;
        metrics.MultiplyAddsPerTask = new Dictionary<string, long>(MultiplyAddsPerTask);
    }
}
