using AdaShare.Data;

namespace AdaShare.Metrics;

/// <summary>
/// Which metrics of each task enter Δ_T (config <c>eval.delta_t_metrics</c>), per target name. Named so every table
/// that prints a Δ_T can say which convention it follows: numbers under different sets are not comparable.
/// </summary>
public sealed record DeltaTMetricSet(string Name, string Label, IReadOnlyDictionary<string, IReadOnlyList<string>> ByTarget)
{
    /// <summary>The columns of the AdaShare paper's tables (NYUv2, CityScapes): depth includes δ1–δ3;
    /// edge and keypoint use their L1 error, as in its Tiny-Taskonomy table.</summary>
    public static readonly DeltaTMetricSet Paper = new("paper", "AdaShare paper's table columns", new Dictionary<string, IReadOnlyList<string>>
    {
        [TargetNames.Segmentation] = ["mIoU", "pixel_acc"],
        [TargetNames.Depth] = ["abs_err", "rel_err", "delta1", "delta2", "delta3"],
        [TargetNames.Normal] = ["mean_angle", "median_angle", "within_11.25", "within_22.5", "within_30"],
        [TargetNames.Edge] = ["l1_err"],
        [TargetNames.Keypoint] = ["l1_err"],
        [TargetNames.Label] = ["top1"],
    });

    /// <summary>The MTAN / LibMTL / CAGrad / Nash-MTL convention on NYUv2: depth without the δ thresholds.</summary>
    public static readonly DeltaTMetricSet Mtan = new("mtan", "MTAN/LibMTL convention (depth abs, rel only)", new Dictionary<string, IReadOnlyList<string>>
    {
        [TargetNames.Segmentation] = ["mIoU", "pixel_acc"],
        [TargetNames.Depth] = ["abs_err", "rel_err"],
        [TargetNames.Normal] = ["mean_angle", "median_angle", "within_11.25", "within_22.5", "within_30"],
        [TargetNames.Edge] = ["l1_err"],
        [TargetNames.Keypoint] = ["l1_err"],
        [TargetNames.Label] = ["top1"],
    });

    /// <summary>The AdaShare paper's Tiny-Taskonomy table: segmentation cross-entropy, normal cosine similarity, depth
    /// absolute error, keypoint and edge L1 error (one number per task).</summary>
    public static readonly DeltaTMetricSet Taskonomy = new("taskonomy", "AdaShare paper's Tiny-Taskonomy columns", new Dictionary<string, IReadOnlyList<string>>
    {
        [TargetNames.Segmentation] = ["seg_err"],
        [TargetNames.Depth] = ["abs_err"],
        [TargetNames.Normal] = ["cosine"],
        [TargetNames.Edge] = ["l1_err"],
        [TargetNames.Keypoint] = ["l1_err"],
        [TargetNames.Label] = ["top1"],
    });

    public static IReadOnlyList<DeltaTMetricSet> All { get; } = [Paper, Mtan, Taskonomy];

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

    /// <summary>The set called <paramref name="name"/>; null when there is none.</summary>
    public static DeltaTMetricSet? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>"paper (AdaShare paper's table columns)".</summary>
    public string Description => $"{Name} ({Label})";

    /// <summary>The set's metric names for a task learning <paramref name="target"/> (falling back to its
    /// <paramref name="kind"/>); null when the set does not cover it (then Δ_T uses all of the task's metrics).</summary>
    public IReadOnlyList<string>? For(string target, string? kind = null) =>
        ByTarget.TryGetValue(target, out var names) || (kind != null && ByTarget.TryGetValue(kind, out names)) ? names : null;

    /// <summary>
    /// The value called <paramref name="name"/> in <paramref name="values"/>, or its official-compat variant
    /// (<paramref name="name"/> + <see cref="MetricProtocol.CompatSuffix"/>): sets name metrics without a protocol.
    /// </summary>
    public static MetricValue? Resolve(IEnumerable<MetricValue> values, string name)
    {
        MetricValue? compat = null;
        foreach (var v in values)
        {
            if (v.Name == name)
                return v;
            if (v.Name == name + MetricProtocol.CompatSuffix)
                compat = v;
        }
        return compat;
    }
}
