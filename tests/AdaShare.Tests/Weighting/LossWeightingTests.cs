using AdaShare.Config;
using AdaShare.Weighting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AdaShare.Experiments;

namespace AdaShare.Tests.Weighting;

/// <summary>Each weighting against hand-computed values on tiny problems whose gradients are known.</summary>
[Trait("Category", "Focused")]
public class LossWeightingTests
{
    private static WeightingContext Context(params double[] lambdas) => new(lambdas, Seed: 7, EpochIterations: 1);

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<double> actual, int digits)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.Equal(e[i], a[i], digits);
    }

    private static double[] Values(Tensor t) => t.to(float64).cpu().data<double>().ToArray();

    [Fact]
    public void PCGradRemovesExactlyTheConflictingComponent()
    {
        // g1·g2 = −1 < 0: g1 − (−1/2)·g2 = (0.5, 0.5), g2 − (−1/1)·g1 = (0, 1); sum (0.5, 1.5).
        using var conflicting = tensor(new double[,] { { 1, 0 }, { -1, 1 } });
        AssertClose(new[] { 0.5, 1.5 }, Values(PCGrad.Combine(conflicting, new Random(1))), 12);
        // No conflict: the plain sum.
        using var agreeing = tensor(new double[,] { { 1, 0 }, { 1, 1 } });
        AssertClose(new[] { 2.0, 1.0 }, Values(PCGrad.Combine(agreeing, new Random(1))), 12);
        // The projected gradient is orthogonal to the one it conflicted with.
        using var three = tensor(new double[,] { { 1, 0, 0 }, { -1, 1, 0 }, { 0, 0, 1 } });
        using var only1 = tensor(new double[,] { { 1, 0, 0 }, { -1, 1, 0 } });
        var projected = Values(PCGrad.Combine(only1, new Random(3)));
        AssertClose(new[] { 0.5, 1.5, 0.0 }, projected, 12);
        AssertClose(new[] { 0.5, 1.5, 1.0 }, Values(PCGrad.Combine(three, new Random(3))), 12);
    }

    [Fact]
    public void CAGradDirectionMatchesADirectSolve()
    {
        var g = new double[,] { { 1.0, 0.2, -0.3 }, { -0.6, 0.9, 0.4 } };
        const double c = 0.4;
        using var grads = tensor(g);
        var d = Values(CAGrad.Direction(grads, c));

        // Direct: w = (t, 1−t) on a fine grid, F(t) = wᵀA·(½,½) + c‖g₀‖√(wᵀAw).
        double[] Row(int i) => new[] { g[i, 0], g[i, 1], g[i, 2] };
        double Dot(double[] x, double[] y) => x.Zip(y, (a, b) => a * b).Sum();
        var g0 = Row(0).Zip(Row(1), (a, b) => (a + b) / 2).ToArray();
        double g0Norm = Math.Sqrt(Dot(g0, g0));
        double best = double.MaxValue, bestT = 0;
        for (int i = 0; i <= 200000; i++)
        {
            double t = i / 200000.0;
            var gw = Row(0).Zip(Row(1), (a, b) => t * a + (1 - t) * b).ToArray();
            double f = Dot(gw, g0) + c * g0Norm * Math.Sqrt(Dot(gw, gw));
            if (f < best)
                (best, bestT) = (f, t);
        }
        var gwBest = Row(0).Zip(Row(1), (a, b) => bestT * a + (1 - bestT) * b).ToArray();
        double lambda = c * g0Norm / Math.Sqrt(Dot(gwBest, gwBest));
        var expected = g0.Zip(gwBest, (a, b) => (a + lambda * b) / (1 + c * c)).ToArray();
        AssertClose(expected, d, 4);

        // c = 0 is plain averaging.
        AssertClose(g0, Values(CAGrad.Direction(grads, 0)), 9);
    }

    [Fact]
    public void GradNormMovesWeightsTowardsTheSlowerTaskAndKeepsTheirSum()
    {
        var gradNorm = new GradNorm(Context(1, 1), alpha: 1.5, learningRate: 0.025);
        gradNorm.Update(new[] { 1.0, 1.0 }, new[] { 2.0, 2.0 }); // records L(0); equal ratios, equal norms: no move
        AssertClose(new[] { 1.0, 1.0 }, gradNorm.TaskWeights, 12);

        // Task 0 halved its loss (trains faster), task 1 did not: r = (2/3, 4/3), equal G = 1, target_0 < 1 < target_1,
        // so ∂L_grad/∂w = (+1, −1): Adam's second step (the first had gradient 0) lowers w_0 and raises w_1 by the same amount.
        gradNorm.Update(new[] { 1.0, 1.0 }, new[] { 1.0, 2.0 });
        double m = 0.1 / (1 - 0.9 * 0.9), v = 0.001 / (1 - 0.999 * 0.999);
        double step = 0.025 * m / (Math.Sqrt(v) + 1e-8);
        AssertClose(new[] { 1 - step, 1 + step }, gradNorm.TaskWeights, 12);

        // Unequal norms, same direction: w_0 keeps falling, w_1 rising, and the sum stays K = 2.
        gradNorm.Update(new[] { 2.0, 0.5 }, new[] { 1.0, 2.0 });
        var w = gradNorm.TaskWeights;
        Assert.Equal(2.0, w.Sum(), 12);
        Assert.True(w[0] < 1 - step && w[1] > 1 + step);

        var restored = new GradNorm(Context(1, 1), alpha: 1.5, learningRate: 0.025);
        restored.LoadState(gradNorm.SaveState());
        restored.Update(new[] { 1.0, 1.0 }, new[] { 1.0, 2.0 });
        gradNorm.Update(new[] { 1.0, 1.0 }, new[] { 1.0, 2.0 });
        Assert.Equal(gradNorm.TaskWeights, restored.TaskWeights);
    }

    [Fact]
    public void DwaGivesTheFormulasWeights()
    {
        var dwa = new DynamicWeightAverage(Context(1, 3), temperature: 2);
        var shared = Array.Empty<Parameter>();
        double[] Step(long it, double a, double b)
        {
            using var scope = NewDisposeScope();
            var losses = new[] { tensor(a, requires_grad: true), tensor(b, requires_grad: true) };
            return dwa.Backward(losses, shared, it).Weights.ToArray();
        }
        AssertClose(new[] { 1.0, 3.0 }, Step(0, 2, 4), 12);   // epoch 0: w = 1 (times λ)
        AssertClose(new[] { 1.0, 3.0 }, Step(1, 1, 3), 12);   // epoch 1: w = 1
        // Epoch 2: r = (1/2, 3/4), w = 2·softmax(r/2).
        double e0 = Math.Exp(0.25), e1 = Math.Exp(0.375);
        var expected = new[] { 2 * e0 / (e0 + e1), 2 * e1 / (e0 + e1) };
        AssertClose(new[] { expected[0] * 1, expected[1] * 3 }, Step(2, 5, 5), 12);
        AssertClose(expected, DynamicWeightAverage.Formula(new[] { 1.0, 3.0 }, new[] { 2.0, 4.0 }, 2), 12);
    }

    [Fact]
    public void UncertaintyWeightingConvergesToTheKnownOptimum()
    {
        // min over s of exp(−s)·λL + s is at s = log(λL).
        var uw = new UncertaintyWeighting(Context(1, 2));
        var optimizer = optim.Adam(uw.Parameters, 0.05);
        for (int i = 0; i < 1500; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            uw.Backward(new[] { tensor(4.0f), tensor(0.25f) }, Array.Empty<Parameter>(), i);
            optimizer.step();
        }
        Assert.Equal(Math.Log(4), uw.LogVariances[0], 2);
        Assert.Equal(Math.Log(0.5), uw.LogVariances[1], 2);
        AssertClose(new[] { 1.0, 1.0 }, uw.Weights.Select((w, k) => w * new[] { 4.0, 0.25 }[k]), 2); // λ·exp(−s)·L = 1 at the optimum

        var restored = new UncertaintyWeighting(Context(1, 2));
        restored.LoadState(uw.SaveState());
        Assert.Equal(uw.LogVariances, restored.LogVariances);
    }

    /// <summary>Shared trunk 3→4, two linear heads: enough for every method's gradient path.</summary>
    private sealed class TwoTaskNet : nn.Module
    {
        public readonly Linear trunk = nn.Linear(3, 4);
        public readonly Linear head0 = nn.Linear(4, 1), head1 = nn.Linear(4, 1);
        public TwoTaskNet() : base("two") => RegisterComponents();

        public Tensor[] Losses(Tensor x, Tensor y)
        {
            using var h = nn.functional.tanh(trunk.call(x));
            return new[] { nn.functional.mse_loss(head0.call(h), y), nn.functional.mse_loss(head1.call(h), -y) };
        }
    }

    [Theory]
    [InlineData("ew")]
    [InlineData("uw")]
    [InlineData("dwa")]
    [InlineData("gradnorm")]
    [InlineData("pcgrad")]
    [InlineData("cagrad")]
    public void EveryWeightingFreesItsGraphLeaksNoTensorAndGivesHeadsTheirOwnGradient(string name)
    {
        manual_seed(3);
        var net = new TwoTaskNet();
        var shared = SharedGradients.Trainable(net.trunk.parameters());
        var weighting = LossWeightings.Create(new WeightingOptions { Name = name }, Context(1, 2));
        using var x = randn(8, 3);
        using var y = randn(8, 1);
        void Step(long it)
        {
            using var scope = NewDisposeScope();
            net.zero_grad();
            var losses = net.Losses(x, y);
            weighting.Backward(losses, shared, it);
            // The step's one graph is gone: a second backward through it must fail.
            Assert.ThrowsAny<Exception>(() => losses[0].backward());
        }
        Step(0); // gradients exist from here on
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Step(1);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        // Heads get their own task's gradient, times the multiplier the step used.
        net.zero_grad();
        using (var scope = NewDisposeScope())
        {
            var losses = net.Losses(x, y);
            var used = weighting.Backward(losses, shared, 2).Weights;
            var head1 = net.head1.weight.grad!.clone();
            net.zero_grad();
            (net.Losses(x, y)[1] * used[1]).backward();
            Assert.True(allclose(head1, net.head1.weight.grad!, rtol: 1e-5, atol: 1e-7), name);
        }
    }

    [Fact]
    public void AnUnknownWeightingNamesItsKey()
    {
        var e = Assert.Throws<AdaShare.Config.ConfigException>(() => AdaShare.Experiments.ConfigLoader.WithOverrides(Fakes.TinyExperiment.Config(), new[] { "weighting.name=nope" }, "x.yaml"));
        Assert.Contains("weighting.name", e.Message);
        Assert.DoesNotContain(AdaShare.Config.ConfigYaml.ToYaml(Fakes.TinyExperiment.Config()).Split('\n'), l => l.StartsWith("weighting:")); // absent = ew, earlier config.yaml unchanged
    }

    [Fact]
    public void AUserWeightingRegistersUnderItsName()
    {
        LossWeightings.Register(new LossWeightingEntry("test-double-first", "doubles task 0", (o, c) => new EqualWeighting(c with { TaskWeights = c.TaskWeights.Select((w, k) => k == 0 ? 2 * w : w).ToList() })));
        var w = LossWeightings.Create(new WeightingOptions { Name = "test-double-first" }, Context(1, 1));
        Assert.Equal(new[] { 2.0, 1.0 }, w.Weights);
        Assert.Throws<ArgumentException>(() => LossWeightings.Register(new LossWeightingEntry("ew", "", (o, c) => new EqualWeighting(c))));
    }
}
