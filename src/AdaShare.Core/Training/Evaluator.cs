using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Model;
using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Training;

/// <summary>Scores a model with given gates on a whole split: every task's metrics, accumulated over all pixels.</summary>
public static class Evaluator
{
    public static Dictionary<string, IReadOnlyList<MetricValue>> Evaluate(IMultiTaskModel model, BatchBuilder data,
        IReadOnlyList<TaskSpec> tasks, int batchSize, EvaluationOptions options)
    {
        var metrics = tasks.Select(t => t.Kind.CreateMetric(t.Target, options.OfficialCompat)).ToArray();
        bool wasTraining = model.Module.training;
        model.Module.eval();
        try
        {
            using var _ = no_grad();
            for (int start = 0; start < data.Dataset.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                using var batch = data.Sequential(start, batchSize);
                var outputs = model.Forward(batch.Images);
                for (int k = 0; k < tasks.Count; k++)
                {
                    var target = batch.Targets[tasks[k].Target.Name];
                    var output = tasks[k].Kind.IsDense ? ResizeForMetric(outputs[k], target, options.Bilinear) : outputs[k];
                    metrics[k].Update(output, target);
                }
            }
        }
        finally
        {
            model.Module.train(wasTraining);
        }
        var result = new Dictionary<string, IReadOnlyList<MetricValue>>();
        for (int k = 0; k < tasks.Count; k++)
            result[tasks[k].Name] = metrics[k].Compute();
        return result;
    }

    private static Tensor ResizeForMetric(Tensor output, Tensor target, bool bilinear) =>
        bilinear ? Resize.Bilinear(output, target.shape[2], target.shape[3]) : Resize.Nearest(output, target.shape[2], target.shape[3]);
}
