using AdaShare.Comparison;
using AdaShare.Metrics;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Comparison;

public class ComparisonTableTests
{
    private static RunMetrics Metrics(double miou, double absErr, long parameters) => new()
    {
        Tasks = new Dictionary<string, List<MetricValue>>
        {
            ["segmentation"] = new() { new MetricValue("mIoU", miou, true), new MetricValue("pixel_acc", 0.8, true) },
            ["depth"] = new() { new MetricValue("abs_err", absErr, false), new MetricValue("rel_err", 0.2, false), new MetricValue("delta_1.25", 0.5, true) },
        },
        Parameters = new ParameterCounts { Model = parameters },
        MultiplyAdds = 10 * parameters,
    };

    [Fact]
    public void DeltaTUsesTheStandardMetricsOfEachTarget()
    {
        var config = TinyExperiment.Config("segmentation", "depth");
        var single = Metrics(0.5, 1.0, 200);
        var better = Metrics(0.55, 0.9, 100); // seg +10% on mIoU only; depth −10% error on abs only
        better.Tasks["depth"][2] = new MetricValue("delta_1.25", 0.1, true); // not a standard depth metric: ignored
        var table = ComparisonTable.Build(config, new[] { ("single-task", single), ("x", better) }, single);

        Assert.Equal(0.0, table.Rows[0].DeltaT);
        // seg: (10% + 0%)/2 = 5; depth: (10% + 0%)/2 = 5 → Δ_T = 5.
        Assert.Equal(5.0, table.Rows[1].DeltaT!.Value, 9);
        Assert.Equal(5, table.Columns.Count);
        Assert.Contains("| x |", table.ToMarkdown("t"));
        Assert.Equal("1.23 M", ComparisonTable.Scaled(1_234_567));
    }

    [Fact]
    public void WithoutSingleTaskThereIsNoDeltaT()
    {
        var config = TinyExperiment.Config("segmentation", "depth");
        var table = ComparisonTable.Build(config, new[] { ("x", Metrics(0.5, 1, 1)) }, null);
        Assert.Null(table.Rows[0].DeltaT);
        Assert.False(table.HasBaseline);
        var lines = table.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        Assert.Equal("", lines[1][Array.IndexOf(lines[0], "delta_t")]);
        Assert.Equal("10", lines[1][Array.IndexOf(lines[0], "multiply_adds")]);
        Assert.Equal("0.5", lines[1][Array.IndexOf(lines[0], "segmentation/mIoU")]);
    }
}
