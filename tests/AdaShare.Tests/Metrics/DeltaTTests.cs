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
    public void StandardSelectionCoversTheUsualNames()
    {
        Assert.Equal(["mIoU", "pixel_acc"], DeltaT.StandardMetrics["segmentation"]);
        Assert.Equal(5, DeltaT.StandardMetrics["normal"].Count);
    }
}
