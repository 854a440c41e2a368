using AdaShare.Data;
using AdaShare.Metrics;

namespace AdaShare.Tests.Metrics;

/// <summary>Every metric a Δ_T set names is one the task's metric reports (under either protocol), so a set can never
/// silently drop a column; the sets are told apart by name and label.</summary>
public class DeltaTMetricSetTests
{
    private static ITaskMetric MetricFor(string target, bool compat) => target switch
    {
        TargetNames.Segmentation => new SegmentationMetrics(3, compat),
        TargetNames.Depth => new DepthMetrics(compat),
        TargetNames.Normal => new NormalMetrics(compat),
        TargetNames.Edge or TargetNames.Keypoint => new MaskedL1Metric(),
        TargetNames.Label => new ClassificationAccuracy(),
        _ => throw new ArgumentException(target),
    };

    public static TheoryData<string> SetNames() => new(DeltaTMetricSet.Names);

    [Theory]
    [MemberData(nameof(SetNames))]
    public void EveryNamedMetricIsReportedByItsTasksMetric(string setName)
    {
        var set = DeltaTMetricSet.Find(setName)!;
        string[] targets = [TargetNames.Segmentation, TargetNames.Depth, TargetNames.Normal, TargetNames.Edge, TargetNames.Keypoint, TargetNames.Label];
        Assert.Equal(targets.Order(), set.ByTarget.Keys.Order());
        foreach (string target in targets)
        {
            var names = set.For(target)!;
            Assert.NotEmpty(names);
            Assert.Equal(names.Count, names.Distinct().Count());
            foreach (bool compat in new[] { false, true })
            {
                var reported = MetricFor(target, compat).Compute();
                Assert.All(names, n => Assert.True(DeltaTMetricSet.Resolve(reported, n) is not null, $"{setName}: {target}/{n} is not reported"));
            }
        }
    }

    [Fact]
    public void TheSetsAreFoundByTheirConfigNamesAndLabelledDistinctly()
    {
        Assert.Same(DeltaTMetricSet.Paper, DeltaTMetricSet.Find("paper"));
        Assert.Same(DeltaTMetricSet.Mtan, DeltaTMetricSet.Find("mtan"));
        Assert.Same(DeltaTMetricSet.Taskonomy, DeltaTMetricSet.Find("taskonomy"));
        Assert.All(DeltaTMetricSet.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Label)));
        Assert.Equal(3, DeltaTMetricSet.All.Select(s => s.Label).Distinct().Count());
        Assert.Equal("paper (AdaShare paper's table columns)", DeltaTMetricSet.Paper.Description);
    }

    [Fact]
    public void TheSetsDifferWhereTheirConventionsDo()
    {
        Assert.Equal(["abs_err", "rel_err", "delta1", "delta2", "delta3"], DeltaTMetricSet.Paper.For(TargetNames.Depth)!);
        Assert.Equal(["abs_err", "rel_err"], DeltaTMetricSet.Mtan.For(TargetNames.Depth)!);
        Assert.Equal(["mIoU", "pixel_acc"], DeltaTMetricSet.Mtan.For(TargetNames.Segmentation)!);
        Assert.Equal(["mean_angle", "median_angle", "within_11.25", "within_22.5", "within_30"], DeltaTMetricSet.Mtan.For(TargetNames.Normal)!);
        Assert.Equal(["cosine"], DeltaTMetricSet.Taskonomy.For(TargetNames.Normal)!);
    }
}
