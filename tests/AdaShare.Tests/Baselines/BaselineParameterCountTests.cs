using AdaShare.Baselines;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Model;
using AdaShare.Tasks;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Baselines;

public class BaselineParameterCountTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-count-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private TrainingContext Context(string method)
    {
        var config = TinyExperiment.Config();
        config.Method = method;
        return new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance);
    }

    private static int[] Outputs(TrainingContext ctx) => ctx.Tasks.Select(t => t.OutputChannels).ToArray();

    private static long Expected(string method, TrainingContext ctx)
    {
        var outs = Outputs(ctx);
        long k = outs.Length;
        long heads = HandCount.Heads(outs);
        long trunk = HandCount.Trunk();
        long[] c = HandCount.Channels;
        switch (method)
        {
            case "hard-sharing":
            case "stochastic-depth":
                return trunk + heads;
            case "single-task":
                return k * trunk + heads;
            case "cross-stitch":
                return k * trunk + heads + c.Sum(ch => k * k * ch);
            case "nddr":
                return k * trunk + heads + c.Sum(ch => k * (HandCount.Conv(k * ch, ch, 1) + HandCount.Bn(ch)));
            case "sluice":
                // alpha: (2K)² per stage; beta: K·4; 1×1 projections of stages 0–2 to the last stage's channels.
                return k * trunk + heads + 4 * (2 * k) * (2 * k) + k * 4 + c.Take(3).Sum(ch => HandCount.Conv(ch, c[3], 1));
            case "mtan":
                long attention = 0;
                for (int s = 0; s < 4; s++)
                {
                    long input = s == 0 ? c[0] : 2 * c[s];
                    long hidden = c[s] / 4;
                    attention += k * (HandCount.Conv(input, hidden, 1) + HandCount.Bn(hidden) + HandCount.Conv(hidden, c[s], 1) + HandCount.Bn(c[s]));
                }
                long transitions = 0;
                for (int s = 0; s < 3; s++)
                    transitions += HandCount.Conv(c[s], c[s + 1], 3) + HandCount.Bn(c[s + 1]);
                return trunk + heads + attention + transitions;
            default:
                throw new ArgumentException(method);
        }
    }

    [Theory]
    [InlineData("hard-sharing")]
    [InlineData("stochastic-depth")]
    [InlineData("cross-stitch")]
    [InlineData("nddr")]
    [InlineData("mtan")]
    [InlineData("sluice")]
    public void ParameterCountEqualsHandCount(string method)
    {
        var ctx = Context(method);
        var factory = (BaselineMethod)MethodRegistry.Get(method);
        var model = factory.Create(ctx);
        using var module = model.Module;
        Assert.Equal(Expected(method, ctx), model.CountParameters());
        // The two optimiser groups cover every parameter exactly once.
        Assert.Equal(model.CountParameters(), model.HeadParameters().Concat(model.BackboneParameters()).Sum(p => p.numel()));
        Assert.Equal(HandCount.Heads(Outputs(ctx)), model.HeadParameters().Sum(p => p.numel()));
    }

    [Fact]
    public void RandomPolicyCountsOnlyExecutedBlocksAndNeededProjections()
    {
        var ctx = Context("random-policy");
        var method = RandomPolicyBaseline.Method;
        var policy = method.Policy(ctx)!;
        var model = method.Create(ctx);
        using var module = model.Module;
        var blocks = HandCount.Blocks();
        long expected = HandCount.Conv(3, HandCount.Stem, 7) + HandCount.Bn(HandCount.Stem) + HandCount.Heads(Outputs(ctx));
        for (int l = 0; l < blocks.Count; l++)
            expected += blocks[l].Projection + (Enumerable.Range(0, policy.Tasks).Any(k => policy.Executes(k, l)) ? blocks[l].Residual : 0);
        Assert.Equal(expected, model.CountParameters());
    }

    [Fact]
    public void HardSharingTaskPathsAreTrunkPlusOwnHead()
    {
        var ctx = Context("hard-sharing");
        var model = ((BaselineMethod)MethodRegistry.Get("hard-sharing")).Create(ctx);
        using var module = model.Module;
        var cost = ModelCost.Measure(model, ctx.TaskNames, 32, 32, ctx.Device);
        var outs = Outputs(ctx);
        for (int k = 0; k < outs.Length; k++)
            Assert.Equal(HandCount.Trunk() + HandCount.Head(outs[k]), cost.ParametersPerTask[ctx.TaskNames[k]]);

        // Multiply-adds: the trunk once, then each head; task k's path = total − the other heads.
        var net = ((GatedModel)model).Net;
        var headMacs = new long[outs.Length];
        net.eval();
        using var image = TorchSharp.torch.zeros(1, 3, 32, 32);
        using var features = net.backbone.call(image); // 5×5: ceil-mode pooling
        for (int k = 0; k < outs.Length; k++)
            headMacs[k] = AdaShare.Metrics.ModelComplexity.CountMultiplyAdds(net.heads[k], () => net.heads[k].call(features)).Total;
        for (int k = 0; k < outs.Length; k++)
            Assert.Equal(cost.MultiplyAdds - headMacs.Sum() + headMacs[k], cost.MultiplyAddsPerTask[ctx.TaskNames[k]]);
    }

    [Fact]
    public void CrossStitchTaskPathsUseEveryTrunk()
    {
        var ctx = Context("cross-stitch");
        var model = ((BaselineMethod)MethodRegistry.Get("cross-stitch")).Create(ctx);
        using var module = model.Module;
        var cost = ModelCost.Measure(model, ctx.TaskNames, 32, 32, ctx.Device);
        var outs = Outputs(ctx);
        for (int k = 0; k < outs.Length; k++)
            Assert.Equal(cost.Parameters - HandCount.Heads(outs) + HandCount.Head(outs[k]), cost.ParametersPerTask[ctx.TaskNames[k]]);
    }
}
