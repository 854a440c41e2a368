using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Tests.Native;

public class TorchSmokeTests
{
    [Fact]
    public void ConvForwardAndBackwardMatchHandComputedValues()
    {
        // 1x1x3x3 input of ones, 2x2 kernel w (requires grad), no padding: y = conv(x, w) is 2x2, each = sum(w).
        using var x = ones(1, 1, 3, 3);
        using var w = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 1, 1, 2, 2 }).requires_grad_();
        using var y = nn.functional.conv2d(x, w);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, y.shape);
        Assert.All(y.data<float>().ToArray(), v => Assert.Equal(10f, v));

        // L = sum(y^2) => dL/dw_ij = sum over outputs 2*y * x = 4 outputs * 2*10*1 = 80.
        using var loss = y.pow(2).sum();
        loss.backward();
        Assert.All(w.grad!.data<float>().ToArray(), g => Assert.Equal(80f, g, 4));
    }
}
