using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// Dynamic weight average (Liu, Johns and Davison, CVPR 2019): in epoch e, w_k = K·exp(r_k/T) / Σ_j exp(r_j/T) with
/// r_k = L̄_k(e−1) / L̄_k(e−2), the ratio of the task's mean loss over the previous two epochs; w_k = 1 in the first two
/// epochs. Our training counts iterations, so an "epoch" is <see cref="WeightingContext.EpochIterations"/> consecutive
/// weight-update steps of the phase (by default one pass over its training split); L̄ is the mean of those steps' losses.
/// </summary>
public sealed class DynamicWeightAverage(WeightingContext context, double temperature) : ILossWeighting
{
    private readonly int tasks = context.TaskCount;
    private long epoch = -1;
    private double[] sum = new double[context.TaskCount];
    private long count;
    private double[]? previous;       // L̄(e−1)
    private double[]? beforePrevious; // L̄(e−2)
    private double[] weights = Enumerable.Repeat(1.0, context.TaskCount).ToArray();

    public string Name => "dwa";
    public IReadOnlyList<double> Weights => LossSum.Times(context.TaskWeights, weights);
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    public WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration)
    {
        long e = iteration / Math.Max(1, context.EpochIterations);
        if (e != epoch)
            StartEpoch(e);
        var used = Weights;
        using (var total = LossSum.Weighted(losses, used))
            total.backward();
        // The global batch's losses (the mean over ranks), so that every rank derives the same weights.
        var values = context.RankMean(losses.Select(LossSum.Scalar).ToArray());
        for (int k = 0; k < tasks; k++)
            sum[k] += values[k];
        count++;
        return new WeightedStep(LossSum.Value(losses, used), used);
    }

    /// <summary>Closes the running epoch (its mean becomes L̄(e−1)) and sets the new epoch's weights.</summary>
    private void StartEpoch(long e)
    {
        if (count > 0)
        {
            beforePrevious = previous;
            previous = sum.Select(s => s / count).ToArray();
        }
        epoch = e;
        sum = new double[tasks];
        count = 0;
        weights = previous != null && beforePrevious != null
            ? Formula(previous, beforePrevious, temperature)
            : Enumerable.Repeat(1.0, tasks).ToArray();
    }

    /// <summary>K·softmax(r/T) with r_k = last_k / beforeLast_k.</summary>
    public static double[] Formula(IReadOnlyList<double> last, IReadOnlyList<double> beforeLast, double temperature)
    {
        var scaled = last.Select((l, k) => l / beforeLast[k] / temperature).ToArray();
        double max = scaled.Max();
        var exp = scaled.Select(x => Math.Exp(x - max)).ToArray();
        double total = exp.Sum();
        return exp.Select(x => last.Count * x / total).ToArray();
    }

    public Dictionary<string, List<double>> SaveState()
    {
        var state = new Dictionary<string, List<double>>
        {
            ["epoch"] = new() { epoch }, ["sum"] = sum.ToList(), ["count"] = new() { count }, ["weights"] = weights.ToList(),
        };
        if (previous != null)
            state["previous"] = previous.ToList();
        if (beforePrevious != null)
            state["before_previous"] = beforePrevious.ToList();
        return state;
    }

    public void LoadState(IReadOnlyDictionary<string, List<double>> state)
    {
        if (!state.TryGetValue("epoch", out var e))
            return;
        epoch = (long)e[0];
        sum = Sized(state["sum"]);
        count = (long)state["count"][0];
        weights = Sized(state["weights"]);
        previous = state.TryGetValue("previous", out var p) ? Sized(p) : null;
        beforePrevious = state.TryGetValue("before_previous", out var b) ? Sized(b) : null;
    }

    private double[] Sized(List<double> values) => values.Count == tasks
        ? values.ToArray()
        : throw new InvalidDataException($"dwa: the checkpoint holds {values.Count} task values, the config has {tasks} tasks");
}
