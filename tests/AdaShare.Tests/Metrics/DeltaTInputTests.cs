using AdaShare.Metrics;

namespace AdaShare.Tests.Metrics;

/// <summary>Δ_T's input errors (each a one-line <see cref="ArgumentException"/>), the compat-name resolution when both
/// names are reported, and a baseline that lacks a task.</summary>
public class DeltaTInputTests
{
    private static Dictionary<string, IReadOnlyList<MetricValue>> One(params MetricValue[] values) =>
        new() { ["depth"] = values };

    [Fact]
    public void NullArgumentsAreArgumentNullErrors()
    {
        var r = One(new MetricValue("abs_err", 1, false));
        Assert.Equal("method", Assert.Throws<ArgumentNullException>(() => DeltaT.Compute(null!, r)).ParamName);
        Assert.Equal("baseline", Assert.Throws<ArgumentNullException>(() => DeltaT.Compute(r, null!)).ParamName);
        Assert.Equal("method", Assert.Throws<ArgumentNullException>(() => DeltaT.ComputeTask("depth", null!, r["depth"])).ParamName);
        Assert.Equal("baseline", Assert.Throws<ArgumentNullException>(() => DeltaT.ComputeTask("depth", r["depth"], null!)).ParamName);
    }

    [Fact]
    public void AMethodWithoutTasksOrMetricsIsAnError()
    {
        Assert.Throws<ArgumentException>(() => DeltaT.Compute(new Dictionary<string, IReadOnlyList<MetricValue>>(), One()));
        var r = One(new MetricValue("abs_err", 1, false));
        var none = new Dictionary<string, IReadOnlyList<string>> { ["depth"] = [] };
        Assert.Throws<ArgumentException>(() => DeltaT.Compute(r, r, none));
    }

    [Fact]
    public void AMetricTheMethodLacksOrCannotValueIsAnError()
    {
        var b = One(new MetricValue("abs_err", 1, false), new MetricValue("rel_err", 1, false));
        var m = One(new MetricValue("abs_err", 1, false));
        var rel = new Dictionary<string, IReadOnlyList<string>> { ["depth"] = ["rel_err"] };
        Assert.Contains("method's results", Assert.Throws<ArgumentException>(() => DeltaT.Compute(m, b, rel)).Message);
        var nan = One(new MetricValue("abs_err", double.NaN, false));
        Assert.Throws<ArgumentException>(() => DeltaT.Compute(nan, b, new Dictionary<string, IReadOnlyList<string>> { ["depth"] = ["abs_err"] }));
    }

    [Fact]
    public void AMetricReportedTwiceIsAnErrorNamingTheSide()
    {
        var once = One(new MetricValue("abs_err", 1, false));
        var twice = One(new MetricValue("abs_err", 1, false), new MetricValue("abs_err", 2, false));
        Assert.Contains("method's results", Assert.Throws<ArgumentException>(() => DeltaT.Compute(twice, once)).Message);
        Assert.Contains("baseline's results", Assert.Throws<ArgumentException>(() => DeltaT.Compute(once, twice)).Message);
    }

    [Fact]
    public void ThePlainNameWinsWhenBothItAndTheCompatNameAreReported()
    {
        // A set names "abs_err"; results holding both "abs_err" and "abs_err (official-compat)" use the plain one.
        string compat = "abs_err" + MetricProtocol.CompatSuffix;
        var m = One(new MetricValue("abs_err", 0.5, false), new MetricValue(compat, 0.25, false));
        var b = One(new MetricValue("abs_err", 1, false), new MetricValue(compat, 1, false));
        var names = new Dictionary<string, IReadOnlyList<string>> { ["depth"] = ["abs_err"] };
        Assert.Equal(50.0, DeltaT.Compute(m, b, names).Overall, 12);
    }

    [Fact]
    public void ATaskTheBaselineLacksHasNoUsableMetrics()
    {
        var baseline = new Dictionary<string, IReadOnlyList<MetricValue>> { ["depth"] = [new("abs_err", 1, false)] };
        var selection = new Dictionary<string, IReadOnlyList<string>> { ["normal"] = ["mean_angle"] };
        var (usable, excluded) = DeltaT.UsableMetrics(baseline, ["depth", "normal"], selection);
        Assert.Equal(["abs_err"], usable["depth"]);
        Assert.Empty(usable["normal"]);
        Assert.Equal(["normal/mean_angle"], excluded);
    }
}
