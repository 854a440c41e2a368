using AdaShare.Data;
using AdaShare.Methods.AdaShare;
using AdaShare.Metrics;
using AdaShare.Tasks;
using AdaShare.Training;

namespace AdaShare.Tests.Method;

/// <summary>Δ against the candidates' mean, hand-derived: signs for lower-is-better metrics, which metrics count.</summary>
[Trait("Category", "Focused")]
public class CandidateSelectionTests
{
    private static readonly TaskSpec Seg = new("seg", TaskKinds.Get("segmentation"), new TargetInfo(TargetNames.Segmentation, 1, new[] { "a", "b" }), 2, 1);
    private static readonly TaskSpec Depth = new("dep", TaskKinds.Get("depth"), new TargetInfo(TargetNames.Depth, 1), 1, 1);

    private static Dictionary<string, List<MetricValue>> Candidate(double miou, double acc, double abs, double rel, double extra = 0) => new()
    {
        ["seg"] = new() { new("mIoU", miou, true), new("pixel_acc", acc, true), new("extra", extra, true) },
        ["dep"] = new() { new("abs_err", abs, false), new("rel_err", rel, false) },
    };

    [Fact]
    public void HigherIsBetterAddsAndLowerIsBetterSubtractsTheRelativeDifferenceFromTheMean()
    {
        // means: mIoU 0.5, pixel_acc 0.8, abs_err 0.4, rel_err 0.2
        // seg: c0 (−0.2 + 0)/2 metrics/2 tasks·100 = −5, c1 +5; depth (lower better): c0 −(0.25 + 0)/2/2·100 = −6.25, c1 +6.25
        var scores = CandidateSelection.Scores(new[] { Seg, Depth }, new[] { Candidate(0.4, 0.8, 0.5, 0.2), Candidate(0.6, 0.8, 0.3, 0.2) });
        Assert.Equal(-11.25, scores[0], 9);
        Assert.Equal(11.25, scores[1], 9);
    }

    [Fact]
    public void OnlyTheTargetsStandardMetricsCount()
    {
        // "extra" is not a standard segmentation metric: wildly different values must not move the scores.
        var scores = CandidateSelection.Scores(new[] { Seg, Depth }, new[] { Candidate(0.4, 0.8, 0.5, 0.2, extra: 1), Candidate(0.6, 0.8, 0.3, 0.2, extra: 100) });
        Assert.Equal(-11.25, scores[0], 9);
    }

    [Fact]
    public void AMetricThatIsZeroForEveryCandidateOrNotFiniteIsLeftOut()
    {
        // pixel_acc 0 everywhere: seg averages over mIoU only → c0 −0.2·100/1/2 = −10; rel_err NaN in one: depth over abs_err only → −12.5.
        var scores = CandidateSelection.Scores(new[] { Seg, Depth }, new[] { Candidate(0.4, 0, 0.5, double.NaN), Candidate(0.6, 0, 0.3, 0.2) });
        Assert.Equal(-22.5, scores[0], 9);
        Assert.Equal(22.5, scores[1], 9);
    }

    [Fact]
    public void ATargetWithoutStandardMetricsCountsEveryMetricOfTheFirstCandidate()
    {
        var task = new TaskSpec("t", TaskKinds.Get("depth"), new TargetInfo("custom", 1), 1, 1);
        var c0 = new Dictionary<string, List<MetricValue>> { ["t"] = new() { new("score", 3, true), new("err", 1, false) } };
        var c1 = new Dictionary<string, List<MetricValue>> { ["t"] = new() { new("score", 1, true), new("err", 3, false) } };
        // means 2 and 2: c0 ((3 − 2)/2 − (1 − 2)/2)/2 metrics·100 = +50.
        var scores = CandidateSelection.Scores(new[] { task }, new[] { c0, c1 });
        Assert.Equal(50, scores[0], 9);
        Assert.Equal(-50, scores[1], 9);
    }

    [Fact]
    public void AMetricWithNegativeValuesKeepsItsDirection()
    {
        var task = new TaskSpec("t", TaskKinds.Get("depth"), new TargetInfo("custom", 1), 1, 1);
        var c0 = new Dictionary<string, List<MetricValue>> { ["t"] = new() { new("loglik", -3, true) } };
        var c1 = new Dictionary<string, List<MetricValue>> { ["t"] = new() { new("loglik", -1, true) } };
        // mean −2: c1 is higher (better) by (−1 − −2)/|−2| = +50 %.
        var scores = CandidateSelection.Scores(new[] { task }, new[] { c0, c1 });
        Assert.Equal(-50, scores[0], 9);
        Assert.Equal(50, scores[1], 9);
    }

    [Fact]
    public void TheGivenMetricSetIsTheOneScored()
    {
        // Equal abs/rel error, different δ1: the paper's set (with δ) tells them apart, MTAN's set (without δ) does not.
        var c0 = new Dictionary<string, List<MetricValue>> { ["dep"] = new() { new("abs_err", 0.5, false), new("rel_err", 0.2, false), new("delta1", 0.6, true) } };
        var c1 = new Dictionary<string, List<MetricValue>> { ["dep"] = new() { new("abs_err", 0.5, false), new("rel_err", 0.2, false), new("delta1", 0.8, true) } };
        Assert.Equal(new[] { 0.0, 0.0 }, CandidateSelection.Scores(new[] { Depth }, new[] { c0, c1 }, DeltaTMetricSet.Mtan));
        Assert.True(CandidateSelection.Scores(new[] { Depth }, new[] { c0, c1 })[1] > 0);
    }

    [Fact]
    public void AMetricMissingFromOneCandidateIsLeftOut()
    {
        var c0 = new Dictionary<string, List<MetricValue>> { ["dep"] = new() { new("abs_err", 0.5, false), new("rel_err", 0.2, false) } };
        var c1 = new Dictionary<string, List<MetricValue>> { ["dep"] = new() { new("abs_err", 0.3, false) } };
        // abs_err alone: means 0.4, c1 better by 0.1/0.4 = 25 %.
        var scores = CandidateSelection.Scores(new[] { Depth }, new[] { c0, c1 });
        Assert.Equal(-25, scores[0], 9);
        Assert.Equal(25, scores[1], 9);
    }

    [Fact]
    public void AMetricWhoseMeanIsAtTheZeroThresholdIsLeftOut()
    {
        // rel_err is exactly 1e-12 for both: left out like a zero, so abs_err alone decides (not averaged with a 0).
        var c0 = new Dictionary<string, List<MetricValue>> { ["dep"] = new() { new("abs_err", 0.5, false), new("rel_err", 1e-12, false) } };
        var c1 = new Dictionary<string, List<MetricValue>> { ["dep"] = new() { new("abs_err", 0.3, false), new("rel_err", 1e-12, false) } };
        Assert.Equal(25, CandidateSelection.Scores(new[] { Depth }, new[] { c0, c1 })[1], 9);
    }

    [Fact]
    public void ATaskWithoutAUsableMetricAddsNothing()
    {
        // Segmentation is 0 everywhere (nothing to compare); depth decides: abs ∓25 %, rel 0 → ∓12.5 over 2 metrics,
        // ÷ 2 tasks → ∓6.25, and the score stays finite.
        var scores = CandidateSelection.Scores(new[] { Seg, Depth }, new[] { Candidate(0, 0, 0.5, 0.2), Candidate(0, 0, 0.3, 0.2) });
        Assert.Equal(-6.25, scores[0], 9);
        Assert.Equal(6.25, scores[1], 9);
    }

    [Fact]
    public void ASingleCandidateScoresZero()
    {
        Assert.Equal(new[] { 0.0 }, CandidateSelection.Scores(new[] { Seg, Depth }, new[] { Candidate(0.4, 0.8, 0.5, 0.2) }));
        Assert.Empty(CandidateSelection.Scores(new[] { Seg }, Array.Empty<Dictionary<string, List<MetricValue>>>()));
    }
}
