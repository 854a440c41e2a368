using AdaShare.Baselines;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Tests.Baselines;

public class SluiceTests
{
    [Fact]
    public void AlphaMixesSubspacesByHand()
    {
        // K = 2 tasks, C = 2 channels → subspaces (task, half) = x0a, x0b, x1a, x1b with values 1, 2, 3, 4.
        using var unit = new SluiceUnit("a", 2, 2);
        using (no_grad())
        {
            // Init: 0.9 on the diagonal, 0.1 / 3 elsewhere.
            Assert.Equal(0.9f, unit.alpha[0, 0].item<float>(), 6);
            Assert.Equal(0.1f / 3, unit.alpha[2, 1].item<float>(), 6);
            unit.alpha.copy_(tensor(new float[,] { { 1, 0, 0, 0 }, { 0, 0.5f, 0.5f, 0 }, { 0.25f, 0, 0, 1 }, { 0, 0, 0, 0 } }));
        }
        using var x0 = tensor(new float[] { 1, 2 }).view(1, 2, 1, 1);
        using var x1 = tensor(new float[] { 3, 4 }).view(1, 2, 1, 1);
        var y = unit.Mix([x0, x1]);
        // task 0: (1·1, 0.5·2 + 0.5·3) = (1, 2.5); task 1: (0.25·1 + 1·4, 0) = (4.25, 0).
        Assert.Equal(new[] { 1f, 2.5f }, y[0].flatten().data<float>().ToArray());
        Assert.Equal(new[] { 4.25f, 0f }, y[1].flatten().data<float>().ToArray());
        foreach (var t in y) t.Dispose();
    }

    [Fact]
    public void BetaMixesStageOutputsByHand()
    {
        // Two stages: stage 0 has 1 channel at 2×2, stage 1 (last) 2 channels at 1×1; one task.
        using var mix = new SluiceLayerMix("b", 1, [1, 2]);
        using (no_grad())
        {
            Assert.Equal(0.5f, mix.beta[0, 0].item<float>()); // 1 / S
            mix.beta.copy_(tensor(new float[,] { { 2, 3 } }));
            mix.projections[0].weight!.copy_(tensor(new float[] { 1, -1 }).view(2, 1, 1, 1));
        }
        using var s0 = tensor(new float[] { 1, 2, 3, 6 }).view(1, 1, 2, 2); // average 3 after pooling
        using var s1 = tensor(new float[] { 10, 20 }).view(1, 2, 1, 1);
        var y = mix.Mix([[s0], [s1]]);
        // 3·(10, 20) + 2·(+3, −3) = (36, 54).
        Assert.Equal(new[] { 36f, 54f }, y[0].flatten().data<float>().ToArray());
        y[0].Dispose();
    }
}
