using AdaShare.Model;
using static TorchSharp.torch;

namespace AdaShare.Tests.Model;

public class SafeBatchNorm2dTests
{
    [Fact]
    public void MatchesTorchSharpBatchNorm2dInStateTrainingAndEvaluation()
    {
        using var ours = new SafeBatchNorm2d(4);
        using var theirs = nn.BatchNorm2d(4);
        Assert.Equal(theirs.state_dict().Keys.Order(), ours.state_dict().Keys.Order());

        manual_seed(1);
        for (int step = 0; step < 3; step++)
        {
            using var x = randn(5, 4, 3, 3) * 2 + 1;
            using var a = ours.call(x);
            using var b = theirs.call(x);
            Assert.True(a.allclose(b, 1e-5, 1e-6), $"training output differs at step {step}");
        }
        Assert.True(ours.running_mean.allclose(theirs.state_dict()["running_mean"], 1e-6, 1e-7));
        Assert.True(ours.running_var.allclose(theirs.state_dict()["running_var"], 1e-6, 1e-7));
        Assert.Equal(3L, ours.num_batches_tracked.item<long>());

        ours.eval();
        theirs.eval();
        using var y = randn(2, 4, 3, 3);
        using var c = ours.call(y);
        using var d = theirs.call(y);
        Assert.True(c.allclose(d, 1e-5, 1e-6));
        Assert.Equal(3L, ours.num_batches_tracked.item<long>());
    }
}
