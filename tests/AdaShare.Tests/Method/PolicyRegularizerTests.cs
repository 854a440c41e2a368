using AdaShare.Model.Policy;
using static TorchSharp.torch;

namespace AdaShare.Tests.Method;

/// <summary>
/// The sharing and sparsity losses on logits chosen so that every block has a different pairwise gap and the skip
/// column differs from the execute column: a wrong block order, weighting or column changes the value.
/// </summary>
[Trait("Category", "Focused")]
public class PolicyRegularizerTests
{
    // Three tasks × three blocks × (execute, skip). Execute gaps per block differ by orders of magnitude.
    private static readonly float[,] Execute = { { 0, 0, 0 }, { 1, 10, 100 }, { 3, -2, 50 } };
    private static readonly float[,] Skip = { { 0, 0, 0 }, { 2, 20, 200 }, { -1, 7, 9 } };

    private static Tensor Logits(float[,] execute, float[,] skip)
    {
        int tasks = execute.GetLength(0), blocks = execute.GetLength(1);
        var raw = new float[tasks * blocks * 2];
        for (int k = 0; k < tasks; k++)
            for (int l = 0; l < blocks; l++)
            {
                raw[(k * blocks + l) * 2] = execute[k, l];
                raw[(k * blocks + l) * 2 + 1] = skip[k, l];
            }
        return tensor(raw, new long[] { tasks, blocks, 2 });
    }

    /// <summary>Σ over pairs i &lt; j, Σ_l w[l]·|a[i,l] − a[j,l]| by brute force.</summary>
    private static double PairSum(Func<int, int, double> value, int tasks, double[] w)
    {
        double total = 0;
        for (int i = 0; i < tasks; i++)
            for (int j = 0; j < tasks; j++)
                if (i < j)
                    for (int l = 0; l < w.Length; l++)
                        total += w[l] * Math.Abs(value(i, l) - value(j, l));
        return total;
    }

    private static readonly double[] PaperWeights = { 3 / 3.0, 2 / 3.0, 1 / 3.0 };
    private static readonly double[] OfficialWeights = { 1 / 3.0, 2 / 3.0, 3 / 3.0 };

    [Fact]
    public void SharingOnLogitsWeighsEarlyBlocksMostInThePaperAndLateBlocksInTheOfficialCode()
    {
        using var logits = Logits(Execute, Skip);
        using var paper = PolicyRegularizers.Sharing(logits, paperWeighting: true, onProbability: false);
        using var official = PolicyRegularizers.Sharing(logits, paperWeighting: false, onProbability: false);
        double expectedPaper = PairSum((k, l) => Execute[k, l], 3, PaperWeights);
        double expectedOfficial = PairSum((k, l) => Execute[k, l], 3, OfficialWeights);
        Assert.NotEqual(expectedPaper, expectedOfficial, 1);
        Assert.Equal(expectedPaper, paper.item<float>(), 3);
        Assert.Equal(expectedOfficial, official.item<float>(), 3);
    }

    [Fact]
    public void SharingOnLogitsReadsTheExecuteColumn()
    {
        // Same execute logits, different skip logits: the loss must not change; swapped columns: it must.
        using var a = Logits(Execute, Skip);
        using var b = Logits(Execute, new float[3, 3]);
        using var swapped = Logits(Skip, Execute);
        using var la = PolicyRegularizers.Sharing(a, true, false);
        using var lb = PolicyRegularizers.Sharing(b, true, false);
        using var ls = PolicyRegularizers.Sharing(swapped, true, false);
        Assert.Equal(la.item<float>(), lb.item<float>(), 4);
        Assert.Equal(PairSum((k, l) => Skip[k, l], 3, PaperWeights), ls.item<float>(), 3);
    }

    [Fact]
    public void SharingOnProbabilitiesUsesEachBlocksSoftmaxExecuteProbability()
    {
        float[,] execute = { { 0.5f, -1f, 2f }, { -0.5f, 1.5f, 0f }, { 2f, 0f, -3f } };
        float[,] skip = { { 0f, 0.25f, -1f }, { 1f, 0f, 0.5f }, { -2f, 1f, 0f } };
        using var logits = Logits(execute, skip);
        double P(int k, int l) => 1 / (1 + Math.Exp(skip[k, l] - execute[k, l]));
        using var paper = PolicyRegularizers.Sharing(logits, paperWeighting: true, onProbability: true);
        using var official = PolicyRegularizers.Sharing(logits, paperWeighting: false, onProbability: true);
        Assert.Equal(PairSum(P, 3, PaperWeights), paper.item<float>(), 5);
        Assert.Equal(PairSum(P, 3, OfficialWeights), official.item<float>(), 5);
    }

    [Fact]
    public void SharingOfASingleTaskIsZeroAndCarriesAGradientToEveryTask()
    {
        using var one = Logits(new float[,] { { 1, 2, 3 } }, new float[,] { { 0, 0, 0 } });
        using var single = PolicyRegularizers.Sharing(one, true, false);
        Assert.Equal(0f, single.item<float>());

        using var logits = Logits(Execute, Skip).requires_grad_();
        using var loss = PolicyRegularizers.Sharing(logits, true, false);
        loss.backward();
        using var grad = logits.grad!.cpu();
        // d/dα_exec of Σ w|α_i − α_j|: task 1 has the largest execute logit in blocks 1 and 2, so gets +w there twice.
        Assert.Equal(2 * PaperWeights[1], grad[1, 1, 0].item<float>(), 5);
        Assert.Equal(-2 * PaperWeights[2] + 0 * 1, grad[0, 2, 0].item<float>(), 5);
        Assert.Equal(0f, grad[1, 1, 1].item<float>());
    }

    [Fact]
    public void SparsityAveragesOnlyTheCurriculumActiveBlocksOfEachTask()
    {
        using var logits = Logits(Execute, Skip);
        static double NegLogSkip(double exec, double skip) => -(skip - Math.Log(Math.Exp(exec) + Math.Exp(skip)));
        for (int first = 0; first < 3; first++)
        {
            double expected = 0;
            for (int k = 0; k < 3; k++)
            {
                double sum = 0;
                for (int l = first; l < 3; l++)
                    sum += NegLogSkip(Execute[k, l], Skip[k, l]);
                expected += sum / (3 - first);
            }
            using var loss = PolicyRegularizers.Sparsity(logits, first);
            Assert.Equal(expected, loss.item<float>(), 2);
        }
    }

    [Fact]
    public void EntropyAveragesTheBinaryEntropyOfTheCurriculumActiveBlocksOfEachTask()
    {
        using var logits = Logits(Execute, Skip);
        static double Entropy(double exec, double skip)
        {
            double p = 1 / (1 + Math.Exp(skip - exec));
            return -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p + 1e-300));
        }
        for (int first = 0; first < 3; first++)
        {
            double expected = 0;
            for (int k = 0; k < 3; k++)
            {
                double sum = 0;
                for (int l = first; l < 3; l++)
                    sum += Entropy(Execute[k, l], Skip[k, l]);
                expected += sum / (3 - first);
            }
            using var loss = PolicyRegularizers.Entropy(logits, first);
            Assert.Equal(expected, loss.item<float>(), 4);
        }
        // Task 0 is undecided (p = 0.5 everywhere): ln 2 per block.
        using var undecided = Logits(new float[,] { { 0, 0 } }, new float[,] { { 0, 0 } });
        using var half = PolicyRegularizers.Entropy(undecided, 0);
        Assert.Equal(Math.Log(2), half.item<float>(), 5);
    }

    [Fact]
    public void EntropyPushesADecisionFurtherTheWayItLeansAndLeavesAnUndecidedOneAlone()
    {
        // dH/dα_exec = −p(1 − p)·(α_exec − α_skip): descent raises the execute logit of a decision leaning to execute,
        // lowers it for one leaning to skip, and does nothing at p = 0.5.
        using var logits = Logits(new float[,] { { 1, -1, 0 } }, new float[,] { { 0, 0, 0 } }).requires_grad_();
        using var loss = PolicyRegularizers.Entropy(logits, 0);
        loss.backward();
        using var grad = logits.grad!.cpu();
        for (int l = 0; l < 3; l++)
        {
            double delta = new[] { 1.0, -1.0, 0.0 }[l];
            double p = 1 / (1 + Math.Exp(-delta));
            Assert.Equal(-p * (1 - p) * delta / 3, grad[0, l, 0].item<float>(), 5);
            Assert.Equal(p * (1 - p) * delta / 3, grad[0, l, 1].item<float>(), 5);
        }
    }

    [Theory]
    [InlineData(5.0, 0.0)]    // start of policy learning: no commitment yet
    [InlineData(2.5, 0.1)]
    [InlineData(0.5, 0.18)]
    [InlineData(0.0, 0.2)]
    public void EntropyWeightGrowsAsTheTemperatureFalls(double tau, double expected)
    {
        Assert.Equal(expected, PolicyRegularizers.EntropyWeightAt(0.2, tau, tauStart: 5), 12);
    }

    [Theory]
    [InlineData(5.0, 0.0)]
    [InlineData(1.0, 0.0)]    // off until τ falls below the start temperature
    [InlineData(0.5, 0.1)]
    [InlineData(0.25, 0.15)]
    public void EntropyWeightStartsAtItsStartTemperature(double tau, double expected)
    {
        Assert.Equal(expected, PolicyRegularizers.EntropyWeightAt(0.2, tau, tauStart: 1.0), 12);
    }
}
