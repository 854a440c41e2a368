using AdaShare.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Tests.Metrics;

public class ModelComplexityTests
{
    // Input 1×3×8×8.
    // 0: Conv2d(3→4, k3, pad 1) → 1×4×8×8: params 4·3·9 + 4 = 112; MACs 256 outputs · 3 · 9 = 6912.
    // 1: ReLU: no params, not counted.
    // 2: Conv2d(4→2, k3, no pad) → 1×2×6×6: params 2·4·9 + 2 = 74; MACs 72 · 4 · 9 = 2592.
    // 3: Linear(6→5) on the last dim → 1×2×6×5: params 6·5 + 5 = 35; MACs 60 · 6 = 360.
    private static Sequential Tiny() => nn.Sequential(
        nn.Conv2d(3, 4, 3, padding: 1),
        nn.ReLU(),
        nn.Conv2d(4, 2, 3),
        nn.Linear(6, 5));

    [Fact]
    public void ParametersOfTinySequential()
    {
        using var model = Tiny();
        Assert.Equal(112 + 74 + 35, ModelComplexity.CountParameters(model));
        Assert.Equal(112 + 74, ModelComplexity.CountParameters(model, ["3"]));
        Assert.Equal(221 - 108, ModelComplexity.CountParameters(model, ["0.weight"]));
        Assert.Throws<ArgumentException>(() => ModelComplexity.CountParameters(model, ["9"]));
    }

    [Fact]
    public void FrozenParametersAreLeftOutUnlessAskedFor()
    {
        using var model = Tiny();
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.StartsWith("2.", StringComparison.Ordinal)) p.requires_grad = false;
        }
        Assert.Equal(112 + 35, ModelComplexity.CountParameters(model));
        Assert.Equal(221, ModelComplexity.CountParameters(model, trainableOnly: false));
    }

    [Fact]
    public void MultiplyAddsOfTinySequential()
    {
        using var model = Tiny();
        using var x = torch.randn(1, 3, 8, 8);
        var r = ModelComplexity.CountMultiplyAdds(model, () => model.call(x));
        Assert.Equal(6912 + 2592 + 360, r.Total);
        Assert.Equal(3, r.Calls);
        Assert.Equal(6912, r.PerModule["0"]);
        Assert.Equal(2592, r.PerModule["2"]);
        Assert.Equal(360, r.PerModule["3"]);

        // Batch 2 doubles everything; hooks were removed after the first count (no double counting).
        using var x2 = torch.randn(2, 3, 8, 8);
        Assert.Equal(2 * 9864, ModelComplexity.CountMultiplyAdds(model, () => model.call(x2)).Total);
        using var y = model.call(x); // plain forward after counting still works
        Assert.Equal(new long[] { 1, 2, 6, 5 }, y.shape);
    }

    [Fact]
    public void AnExcludedNameCoversItsSubmodulesNotSiblingsSharingItsPrefix()
    {
        // "head" excludes head.weight and head.bias, not heads.*: 2·2 + 2 = 6 out, heads' 2·3 + 3 = 9 left.
        using var model = nn.Sequential(("head", nn.Linear(2, 2)), ("heads", nn.Linear(2, 3)));
        Assert.Equal(9, ModelComplexity.CountParameters(model, ["head"]));
    }

    [Fact]
    public void TransposedConvolutionCountsPerInputElement()
    {
        // Each of the 4·25 input elements meets (6/2) output channels × 3·3 taps: 2700.
        using var conv = nn.ConvTranspose2d(4, 6, 3, groups: 2);
        using var x = torch.randn(1, 4, 5, 5);
        Assert.Equal(2700, ModelComplexity.CountMultiplyAdds(conv, () => conv.call(x)).Total);
    }

    [Fact]
    public void NullArgumentsAreArgumentNullErrors()
    {
        using var model = Tiny();
        Assert.Equal("module", Assert.Throws<ArgumentNullException>(() => ModelComplexity.CountParameters(null!, [])).ParamName);
        Assert.Equal("exclude", Assert.Throws<ArgumentNullException>(() => ModelComplexity.CountParameters(model, (IEnumerable<string>)null!)).ParamName);
        Assert.Equal("forward", Assert.Throws<ArgumentNullException>(() => ModelComplexity.CountMultiplyAdds(model, (Func<Tensor>)null!)).ParamName);
    }

    [Fact]
    public void GroupedConvolutionDividesInputChannels()
    {
        using var conv = nn.Conv2d(4, 6, 3, padding: 1, groups: 2);
        using var x = torch.randn(1, 4, 5, 5);
        // 6·25 outputs · (4/2) · 9 = 2700.
        Assert.Equal(2700, ModelComplexity.CountMultiplyAdds(conv, () => conv.call(x)).Total);
    }

    [Fact]
    public void SkippedModulesCountZeroAndSharedModulesCountPerCall()
    {
        using var gated = new Gated();
        using var x = torch.randn(1, 2, 4, 4);
        // a: Conv2d(2→2, k1): 32 outputs · 2 = 64 MACs per call.
        gated.UseB = false;
        var off = ModelComplexity.CountMultiplyAdds(gated, () => gated.call(x));
        Assert.Equal(2 * 64, off.Total); // a runs twice
        Assert.False(off.PerModule.ContainsKey("b"));
        gated.UseB = true;
        var on = ModelComplexity.CountMultiplyAdds(gated, () => gated.call(x));
        // b: Conv2d(2→3, k3, pad 1): 48 outputs · 2 · 9 = 864.
        Assert.Equal(2 * 64 + 864, on.Total);
        Assert.Equal(3, on.Calls);
    }

    private sealed class Gated : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d a = nn.Conv2d(2, 2, 1);
        private readonly Conv2d b = nn.Conv2d(2, 3, 3, padding: 1);

        public Gated() : base(nameof(Gated)) => RegisterComponents();

        public bool UseB { get; set; }

        public override Tensor forward(Tensor x)
        {
            using var h = a.call(x);
            var h2 = a.call(h);
            if (!UseB) return h2;
            using (h2) return b.call(h2);
        }
    }
}
