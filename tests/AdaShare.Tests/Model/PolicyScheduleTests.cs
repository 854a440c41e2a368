using AdaShare.Model.Policy;
using static TorchSharp.torch;

namespace AdaShare.Tests.Model;

public class PolicyScheduleTests
{
    [Theory]
    [InlineData(0, 3, 8, 1)]
    [InlineData(2, 3, 8, 1)]
    [InlineData(3, 3, 8, 2)]
    [InlineData(7, 3, 8, 3)]
    [InlineData(21, 3, 8, 8)]
    [InlineData(100, 3, 8, 8)]
    [InlineData(5, 1, 16, 6)]
    public void CurriculumOpensBlocksFromTheEnd(int alternations, int speed, int blocks, int expectedActive)
    {
        Assert.Equal(expectedActive, Curriculum.ActiveBlocks(alternations, speed, blocks));
        Assert.Equal(blocks - expectedActive, Curriculum.FirstActiveBlock(alternations, speed, blocks, 0));
    }

    [Fact]
    public void CurriculumDisabledOpensEverythingAndSkipLayerStaysClosed()
    {
        Assert.Equal(8, Curriculum.ActiveBlocks(0, 3, 8, enabled: false));
        Assert.Equal(2, Curriculum.FirstActiveBlock(0, 3, 8, skipLayer: 2, enabled: false));
        Assert.Equal(7, Curriculum.FirstActiveBlock(0, 3, 8, skipLayer: 2));
    }

    [Fact]
    public void TemperatureDecaysPerPolicyPhase()
    {
        Assert.Equal(5.0, TemperatureSchedule.At(5, 0.965, 0));
        Assert.Equal(5 * 0.965 * 0.965 * 0.965, TemperatureSchedule.At(5, 0.965, 3), 12);
    }

    [Fact]
    public void SparsityLossMatchesHandComputation()
    {
        // two tasks, three decision blocks; only the last two are curriculum-active.
        float[] raw = { 0.5f, 0.5f, 1f, 0f, 0f, 2f, /* task 2 */ 2f, -1f, 0f, 0f, -1f, 1f };
        using var logits = tensor(raw, new long[] { 2, 3, 2 });
        using var loss = PolicyRegularizers.Sparsity(logits, firstActiveDecision: 1);
        double NegLogSkip(double exec, double skip) => -(skip - Math.Log(Math.Exp(exec) + Math.Exp(skip)));
        double expected = (NegLogSkip(1, 0) + NegLogSkip(0, 2)) / 2 + (NegLogSkip(0, 0) + NegLogSkip(-1, 1)) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void SharingLossMatchesHandComputationForBothWeightings()
    {
        // three tasks, two blocks; execute logits: t0 = (1, 2), t1 = (0, 2), t2 = (3, -1)
        float[] raw = { 1, 0, 2, 0, 0, 0, 2, 0, 3, 0, -1, 0 };
        using var logits = tensor(raw, new long[] { 3, 2, 2 });
        // pairs: (0,1): |1|,|0| ; (0,2): |2|,|3| ; (1,2): |3|,|3|
        double paper = 1.0 * (1 + 2 + 3) + 0.5 * (0 + 3 + 3);
        double official = 0.5 * (1 + 2 + 3) + 1.0 * (0 + 3 + 3);
        using var p = PolicyRegularizers.Sharing(logits, paperWeighting: true, onProbability: false);
        using var o = PolicyRegularizers.Sharing(logits, paperWeighting: false, onProbability: false);
        Assert.Equal(paper, p.item<float>(), 5);
        Assert.Equal(official, o.item<float>(), 5);
    }

    [Fact]
    public void SharingOnProbabilitiesUsesSoftmaxExecuteProbability()
    {
        float[] raw = { 1, 0, 0, 0 };
        using var logits = tensor(raw, new long[] { 2, 1, 2 });
        using var loss = PolicyRegularizers.Sharing(logits, paperWeighting: true, onProbability: true);
        Assert.Equal(1 / (1 + Math.Exp(-1)) - 0.5, loss.item<float>(), 5);
    }

    [Fact]
    public void BernoulliSamplingIsSeededAndFollowsProbabilities()
    {
        var probs = new float[2, 4] { { 0.9f, 0.1f, 0.5f, 1f }, { 0f, 0.7f, 0.3f, 0.5f } };
        var names = new[] { "a", "b" };
        var first = PolicySampler.Sample(probs, names, 4, seed: 11);
        Assert.Equal(first.Key, PolicySampler.Sample(probs, names, 4, seed: 11).Key);
        int n = 3000, executes = 0;
        for (int s = 0; s < n; s++)
            executes += PolicySampler.Sample(probs, names, 4, s).Executes(1, 1) ? 1 : 0;
        Assert.InRange(executes / (double)n, 0.67, 0.73);
        Assert.True(first.Executes(0, 3));
        Assert.False(first.Executes(1, 0));
    }

    [Fact]
    public void ArgmaxAndSkipLayerBlocksAlwaysExecute()
    {
        var probs = new float[1, 3] { { 0.2f, 0.6f, 0.5f } };
        var policy = PolicySampler.Argmax(probs, new[] { "t" }, totalBlocks: 4);
        Assert.Equal("1011", policy.Key);
    }

    [Fact]
    public void PolicyJsonRoundTripsAndRejectsBadFiles()
    {
        var policy = new TaskPolicy(new[] { "seg", "depth" }, new bool[,] { { true, false, true }, { true, true, false } });
        var back = TaskPolicy.FromJson(policy.ToJson());
        Assert.True(policy.SameAs(back));
        Assert.Equal(1, back.SharedByAll);
        Assert.Equal(2, back.TaskSpecific);
        Assert.Contains("needs 3 decisions", Assert.Throws<InvalidDataException>(() =>
            TaskPolicy.FromJson("""{"tasks":["seg"],"blocks":3,"execute":{"seg":[1,0]}}""", "p.json")).Message);
        Assert.Contains("not a policy file", Assert.Throws<InvalidDataException>(() => TaskPolicy.FromJson("{oops", "p.json")).Message);
    }

    [Fact]
    public void InitialLogitsGiveExecuteProbabilityOneHalf()
    {
        using var logits = new PolicyLogits("p", 3, 8, 0, 0.5);
        var p = logits.ExecuteProbabilities();
        Assert.Equal(3, p.GetLength(0));
        Assert.Equal(8, p.GetLength(1));
        Assert.All(p.Cast<float>(), v => Assert.Equal(0.5f, v, 6));
    }
}
