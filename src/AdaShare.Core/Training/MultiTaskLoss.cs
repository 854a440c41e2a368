using AdaShare.Data;
using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Training;

/// <summary>
/// Σ_k λ_k L_k over the tasks. Dense losses are computed at the prediction's stride-8 size against the nearest-
/// downsampled ground truth (official), or at the input size against a bilinearly upsampled prediction.
/// </summary>
public sealed class MultiTaskLoss(IReadOnlyList<TaskSpec> tasks, bool atInputResolution)
{
    public IReadOnlyList<TaskSpec> Tasks => tasks;

    /// <summary>The weighted total Σ_k λ_k L_k (with gradient) and each task's unweighted loss value.</summary>
    public (Tensor Total, double[] PerTask) Compute(Tensor[] outputs, Batch batch, string where)
    {
        var (losses, perTask) = PerTask(outputs, batch, where);
        try
        {
            return (Weighting.LossSum.Weighted(losses, tasks.Select(t => t.LossWeight).ToList()), perTask);
        }
        finally
        {
            foreach (var loss in losses)
                loss.Dispose();
        }
    }

    /// <summary>Each task's unweighted loss (with gradient, for a loss weighting) and its value; a non-finite one stops training.</summary>
    public (Tensor[] Losses, double[] PerTask) PerTask(Tensor[] outputs, Batch batch, string where)
    {
        var perTask = new double[tasks.Count];
        var losses = new Tensor[tasks.Count];
        for (int k = 0; k < tasks.Count; k++)
        {
            var spec = tasks[k];
            var loss = TaskLoss(spec, outputs[k], batch.Targets[spec.Target.Name]);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
            {
                foreach (var l in losses.Take(k).Append(loss))
                    l.Dispose();
                throw new NonFiniteLossException($"{where}: the loss of task '{spec.Name}' is {value}; training stopped, the last checkpoint is kept");
            }
            perTask[k] = value;
            losses[k] = loss;
        }
        return (losses, perTask);
    }

    /// <summary>The tasks' λ (config tasks[].weight), in task order.</summary>
    public IReadOnlyList<double> LossWeights => tasks.Select(t => t.LossWeight).ToList();

    public Tensor TaskLoss(TaskSpec spec, Tensor output, Tensor target)
    {
        if (!spec.Kind.IsDense)
            return spec.Kind.Loss(output, target, spec.Target);
        if (atInputResolution)
        {
            using var up = Resize.Bilinear(output, target.shape[2], target.shape[3]);
            return spec.Kind.Loss(up, target, spec.Target);
        }
        using var down = Resize.Nearest(target, output.shape[2], output.shape[3]);
        return spec.Kind.Loss(output, down, spec.Target);
    }
}

/// <summary>Spatial resizing of B×C×H×W maps.</summary>
public static class Resize
{
    public static Tensor Bilinear(Tensor x, long h, long w) =>
        x.shape[2] == h && x.shape[3] == w ? x.alias() : nn.functional.interpolate(x, new[] { h, w }, mode: InterpolationMode.Bilinear, align_corners: false);

    public static Tensor Nearest(Tensor x, long h, long w) =>
        x.shape[2] == h && x.shape[3] == w ? x.alias() : nn.functional.interpolate(x, new[] { h, w }, mode: InterpolationMode.Nearest);
}
