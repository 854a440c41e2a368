using AdaShare.Metrics;

namespace AdaShare.Tests.Metrics;

public class DeltaTTests
{
    private static IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> Results(
        double miou, double acc, double abs, double rel) => new Dictionary<string, IReadOnlyList<MetricValue>>
    {
        ["segmentation"] = [new("mIoU", miou, true), new("pixel_acc", acc, true)],
        ["depth"] = [new("abs_err", abs, false), new("rel_err", rel, false)],
    };

    [Fact]
    public void HandNumbersWithSignHandling()
    {
        var baseline = Results(0.40, 0.60, 0.40, 0.20);
        var method = Results(0.44, 0.60, 0.50, 0.18);
        var r = DeltaT.Compute(method, baseline);
        // seg: (+10% + 0%) / 2 = +5. depth: abs got worse by 25% → −25, rel improved by 10% → +10: (−25 + 10) / 2 = −7.5.
        Assert.Equal(5.0, r.PerTask["segmentation"], 10);
        Assert.Equal(-7.5, r.PerTask["depth"], 10);
        Assert.Equal(-1.25, r.Overall, 10);
    }

    [Fact]
    public void ANegativeBaselineKeepsTheMetricsDirection()
    {
        // A higher-is-better score of −2 improved to −1 is a +50 % change (|M_b| = 2), not −50 %.
        var r = DeltaT.ComputeTask("t", [new MetricValue("loglik", -1, true)], [new MetricValue("loglik", -2, true)]);
        Assert.Equal(50.0, r, 10);
        var worse = DeltaT.ComputeTask("t", [new MetricValue("err", -1, false)], [new MetricValue("err", -2, false)]);
        Assert.Equal(-50.0, worse, 10);
    }

    [Fact]
    public void IdenticalResultsGiveZero()
    {
        var b = Results(0.3, 0.6, 0.7, 0.3);
        Assert.Equal(0.0, DeltaT.Compute(b, b).Overall, 12);
    }

    [Fact]
    public void MetricSelectionRestrictsTheSum()
    {
        var baseline = Results(0.40, 0.60, 0.40, 0.20);
        var method = Results(0.44, 0.60, 0.50, 0.18);
        var pick = new Dictionary<string, IReadOnlyList<string>> { ["depth"] = ["rel_err"] };
        var r = DeltaT.Compute(method, baseline, pick);
        Assert.Equal(10.0, r.PerTask["depth"], 10);
        Assert.Equal(5.0, r.PerTask["segmentation"], 10);
        Assert.Equal(7.5, r.Overall, 10);
    }

    [Fact]
    public void MissingMetricInBaselineIsAClearError()
    {
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>> { ["segmentation"] = [new("mIoU", 0.4, true)] };
        var method = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            ["segmentation"] = [new("mIoU", 0.4, true), new("pixel_acc", 0.6, true)],
        };
        var e = Assert.Throws<ArgumentException>(() => DeltaT.Compute(method, baseline));
        Assert.Contains("pixel_acc", e.Message);
        Assert.Contains("baseline", e.Message);
    }

    [Fact]
    public void CompatNamedMetricDoesNotMatchAStandardBaseline()
    {
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>> { ["segmentation"] = [new("mIoU", 0.4, true)] };
        var method = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            ["segmentation"] = [new("mIoU" + MetricProtocol.CompatSuffix, 0.5, true)],
        };
        Assert.Throws<ArgumentException>(() => DeltaT.Compute(method, baseline));
    }

    [Fact]
    public void ZeroBaselineValueMissingTaskAndDirectionMismatchAreErrors()
    {
        var baseline = Results(0.40, 0.60, 0.0, 0.20);
        var method = Results(0.44, 0.60, 0.50, 0.18);
        var e = Assert.Throws<ArgumentException>(() => DeltaT.Compute(method, baseline));
        Assert.Contains("abs_err", e.Message);
        Assert.Contains("undefined", e.Message);

        var onlySeg = new Dictionary<string, IReadOnlyList<MetricValue>> { ["segmentation"] = Results(1, 1, 1, 1)["segmentation"] };
        var e2 = Assert.Throws<ArgumentException>(() => DeltaT.Compute(Results(1, 1, 1, 1), onlySeg));
        Assert.Contains("depth", e2.Message);

        var flipped = new Dictionary<string, IReadOnlyList<MetricValue>> { ["segmentation"] = [new("mIoU", 0.4, false)] };
        var seg = new Dictionary<string, IReadOnlyList<MetricValue>> { ["segmentation"] = [new("mIoU", 0.4, true)] };
        Assert.Throws<ArgumentException>(() => DeltaT.Compute(seg, flipped));
    }

    [Fact]
    public void PaperSetIsTheTableColumns()
    {
        var paper = DeltaTMetricSet.Paper;
        Assert.Equal(["mIoU", "pixel_acc"], paper.For("segmentation"));
        Assert.Equal(["abs_err", "rel_err", "delta1", "delta2", "delta3"], paper.For("depth"));
        Assert.Equal(["mean_angle", "median_angle", "within_11.25", "within_22.5", "within_30"], paper.For("normal"));
        Assert.Equal(["abs_err", "rel_err"], DeltaTMetricSet.Mtan.For("depth"));
        Assert.Same(DeltaTMetricSet.Mtan, DeltaTMetricSet.Find("mtan"));
        Assert.Null(DeltaTMetricSet.Find("nope"));
    }

    [Fact]
    public void PaperSetByHand()
    {
        // Baseline and method on the three NYUv2 tasks; each Δ_t computed by hand over the paper's columns.
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            ["segmentation"] = [new("mIoU", 0.40, true), new("pixel_acc", 0.50, true)],
            ["depth"] = [new("abs_err", 0.50, false), new("rel_err", 0.20, false), new("delta1", 0.50, true), new("delta2", 0.80, true), new("delta3", 0.90, true)],
            ["normal"] = [new("mean_angle", 20, false), new("median_angle", 10, false), new("rmse_angle", 30, false),
                new("within_11.25", 0.50, true), new("within_22.5", 0.60, true), new("within_30", 0.80, true), new("within_45", 0.9, true)],
        };
        var method = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            // seg: mIoU +10 %, pixel_acc −10 % → Δ = 0.
            ["segmentation"] = [new("mIoU", 0.44, true), new("pixel_acc", 0.45, true)],
            // depth: abs −20 % error (+20), rel +10 % error (−10), δ1 +20, δ2 +0, δ3 +10 → Δ = 40 / 5 = +8.
            ["depth"] = [new("abs_err", 0.40, false), new("rel_err", 0.22, false), new("delta1", 0.60, true), new("delta2", 0.80, true), new("delta3", 0.99, true)],
            // normal: mean −10 % (+10), median +20 % (−20), 11.25 +20, 22.5 +0, 30 −5; rmse and 45 not in the set → Δ = 5 / 5 = +1.
            ["normal"] = [new("mean_angle", 18, false), new("median_angle", 12, false), new("rmse_angle", 1, false),
                new("within_11.25", 0.60, true), new("within_22.5", 0.60, true), new("within_30", 0.76, true), new("within_45", 0.1, true)],
        };
        var selection = new Dictionary<string, IReadOnlyList<string>>
        {
            ["segmentation"] = DeltaTMetricSet.Paper.For("segmentation")!,
            ["depth"] = DeltaTMetricSet.Paper.For("depth")!,
            ["normal"] = DeltaTMetricSet.Paper.For("normal")!,
        };
        var r = DeltaT.Compute(method, baseline, selection);
        Assert.Equal(0.0, r.PerTask["segmentation"], 9);
        Assert.Equal(8.0, r.PerTask["depth"], 9);
        Assert.Equal(1.0, r.PerTask["normal"], 9);
        Assert.Equal(3.0, r.Overall, 9);
        // The MTAN/LibMTL set drops δ: depth (20 − 10) / 2 = +5 → Δ_T = (0 + 5 + 1) / 3 = 2.
        selection["depth"] = DeltaTMetricSet.Mtan.For("depth")!;
        Assert.Equal(2.0, DeltaT.Compute(method, baseline, selection).Overall, 9);
    }

    [Fact]
    public void TaskonomySetByHand()
    {
        // The five Tiny-Taskonomy tasks, one column each, as the paper's table; every other metric is ignored.
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            ["segmentation"] = [new("mIoU", 0.40, true), new("pixel_acc", 0.50, true), new("seg_err", 0.50, false)],
            ["normal"] = [new("mean_angle", 20, false), new("cosine", 0.80, true)],
            ["depth"] = [new("abs_err", 0.020, false), new("rel_err", 0.20, false)],
            ["keypoint"] = [new("l1_err", 0.20, false)],
            ["edge"] = [new("l1_err", 0.25, false)],
        };
        var method = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            ["segmentation"] = [new("mIoU", 0.10, true), new("pixel_acc", 0.10, true), new("seg_err", 0.45, false)], // −10 % error → +10
            ["normal"] = [new("mean_angle", 90, false), new("cosine", 0.84, true)],                                       // +5
            ["depth"] = [new("abs_err", 0.021, false), new("rel_err", 0.01, false)],                                     // +5 % error → −5
            ["keypoint"] = [new("l1_err", 0.20, false)],                                                                 // 0
            ["edge"] = [new("l1_err", 0.30, false)],                                                                     // −20
        };
        var set = DeltaTMetricSet.Find("taskonomy")!;
        var selection = baseline.Keys.ToDictionary(t => t, t => set.For(t)!);
        var r = DeltaT.Compute(method, baseline, selection);
        Assert.Equal(10.0, r.PerTask["segmentation"], 9);
        Assert.Equal(5.0, r.PerTask["normal"], 9);
        Assert.Equal(-5.0, r.PerTask["depth"], 9);
        Assert.Equal(0.0, r.PerTask["keypoint"], 9);
        Assert.Equal(-20.0, r.PerTask["edge"], 9);
        Assert.Equal(-2.0, r.Overall, 9);
    }

    [Fact]
    public void CompatNamesAreMatchedToTheSetsPlainNames()
    {
        string c = MetricProtocol.CompatSuffix;
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>> { ["depth"] = [new("abs_err" + c, 0.5, false), new("delta1", 0.5, true)] };
        var method = new Dictionary<string, IReadOnlyList<MetricValue>> { ["depth"] = [new("abs_err" + c, 0.4, false), new("delta1", 0.6, true)] };
        var selection = new Dictionary<string, IReadOnlyList<string>> { ["depth"] = ["abs_err", "delta1"] };
        Assert.Equal(20.0, DeltaT.Compute(method, baseline, selection).Overall, 9);
        // A compat method against a standard baseline still fails: protocols are never mixed.
        var standard = new Dictionary<string, IReadOnlyList<MetricValue>> { ["depth"] = [new("abs_err", 0.5, false), new("delta1", 0.5, true)] };
        Assert.Throws<ArgumentException>(() => DeltaT.Compute(method, standard, selection));
    }

    [Fact]
    public void UsableMetricsLeaveOutZeroBaselines()
    {
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>>
        {
            ["normal"] = [new("mean_angle", 40, false), new("within_11.25", 0, true)],
        };
        var selection = new Dictionary<string, IReadOnlyList<string>> { ["normal"] = ["mean_angle", "within_11.25", "within_30"] };
        var (usable, excluded) = DeltaT.UsableMetrics(baseline, ["normal"], selection);
        Assert.Equal(["mean_angle"], usable["normal"]);
        Assert.Equal(["normal/within_11.25", "normal/within_30"], excluded);
    }
}
