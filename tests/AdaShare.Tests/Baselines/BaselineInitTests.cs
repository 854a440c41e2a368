using AdaShare.Baselines;
using AdaShare.Model;
using AdaShare.Tests.Fakes;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Tests.Baselines;

public class BaselineInitTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void StochasticDepthSurvivalIsLinearDecayToOneHalf(int blocks)
    {
        var p = StochasticDepthNet.SurvivalProbabilities(blocks);
        Assert.Equal(blocks, p.Length);
        for (int l = 1; l <= blocks; l++)
            Assert.Equal(1 - 0.5 * l / blocks, p[l - 1], 12);
        Assert.Equal(0.5, p[^1], 12);
    }

    [Fact]
    public void StochasticDepthEvaluatesWithSoftGatesOfTheSurvivalProbabilities()
    {
        var config = TinyExperiment.Config();
        var tasks = AdaShare.Tasks.TaskSpec.Bind(config.Tasks, new TinyDataset(4, 1));
        manual_seed(1);
        using var model = new StochasticDepthNet("sd", new MultiTaskNet("net", config.Model, tasks));
        model.eval();
        using var _ = no_grad();
        using var x = rand(2, 3, 32, 32);
        var p = StochasticDepthNet.SurvivalProbabilities(model.net.BlockCount);
        var weights = p.Select(v => tensor((float)v)).ToArray();
        var gates = new GateSet(tasks.Count, model.net.BlockCount);
        for (int k = 0; k < tasks.Count; k++)
            for (int l = 0; l < model.net.BlockCount; l++)
                gates[k, l] = BlockGate.Soft(weights[l]);
        var expected = model.net.ForwardNaive(x, gates);
        var actual = model.Forward(x);
        for (int k = 0; k < tasks.Count; k++)
            Assert.True(allclose(expected[k], actual[k], 1e-5, 1e-6), $"task {k}");
    }

    [Fact]
    public void StochasticDepthDropsBlocksAtTheSurvivalRateInTraining()
    {
        var config = TinyExperiment.Config();
        var tasks = AdaShare.Tasks.TaskSpec.Bind(config.Tasks, new TinyDataset(4, 1));
        using var model = new StochasticDepthNet("sd", new MultiTaskNet("net", config.Model, tasks));
        manual_seed(5);
        int draws = 4000;
        var kept = new int[model.net.BlockCount];
        for (int i = 0; i < draws; i++)
        {
            var survivors = model.SampleSurvivors();
            for (int l = 0; l < kept.Length; l++)
                kept[l] += survivors[l] ? 1 : 0;
        }
        var p = StochasticDepthNet.SurvivalProbabilities(model.net.BlockCount);
        for (int l = 0; l < kept.Length; l++)
            Assert.InRange(kept[l] / (double)draws, p[l] - 0.03, p[l] + 0.03);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void CrossStitchStartsAtNinetyPercentSelf(int tasks)
    {
        using var unit = new CrossStitchUnit("u", tasks, 5);
        var alpha = unit.alpha.data<float>().ToArray();
        for (int i = 0; i < tasks; i++)
            for (int j = 0; j < tasks; j++)
                for (int c = 0; c < 5; c++)
                    Assert.Equal(i == j ? 0.9 : 0.1 / (tasks - 1), alpha[(i * tasks + j) * 5 + c], 6);

        using var _ = no_grad();
        manual_seed(2);
        var xs = Enumerable.Range(0, tasks).Select(_ => randn(2, 5, 3, 3)).ToArray();
        var mixed = unit.Mix(xs);
        for (int i = 0; i < tasks; i++)
        {
            var expected = xs[i] * 0.9;
            for (int j = 0; j < tasks; j++)
                if (j != i)
                    expected = expected + xs[j] * (0.1 / (tasks - 1));
            Assert.True(allclose(expected, mixed[i], 1e-5, 1e-6));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void NddrStartsAsScaledIdentityBlocks(int tasks)
    {
        const int channels = 4;
        for (int own = 0; own < tasks; own++)
        {
            using var layer = new NddrLayer("n", tasks, own, channels);
            var w = layer.conv.weight!.data<float>().ToArray(); // [C, K·C, 1, 1]
            for (int o = 0; o < channels; o++)
                for (int i = 0; i < tasks * channels; i++)
                {
                    int task = i / channels, c = i % channels;
                    double expected = c != o ? 0 : task == own ? 0.9 : 0.1 / (tasks - 1);
                    Assert.Equal(expected, w[o * tasks * channels + i], 6);
                }
        }
    }

    [Fact]
    public void RandomPolicyHasTheRequestedRateAndIsSeeded()
    {
        var names = new[] { "a", "b", "c" };
        var p = RandomPolicy.Create(names, 8, 0.625, 7);
        Assert.Equal(15 / 24.0, p.ExecuteRate, 12);
        Assert.True(p.SameAs(RandomPolicy.Create(names, 8, 0.625, 7)));
        Assert.False(p.SameAs(RandomPolicy.Create(names, 8, 0.625, 8)));
        Assert.Equal(1.0, RandomPolicy.Create(names, 8, 1.0, 7).ExecuteRate);
        Assert.Equal(0.0, RandomPolicy.Create(names, 8, 0.0, 7).ExecuteRate);
    }
}
