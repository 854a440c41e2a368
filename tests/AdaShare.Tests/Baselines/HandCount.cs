namespace AdaShare.Tests.Baselines;

/// <summary>Parameter counts computed from layer shapes by hand (not by walking the module tree).</summary>
internal static class HandCount
{
    public static readonly long[] Channels = { 8, 16, 32, 64 }; // width 0.125 of (64, 128, 256, 512)
    public const long Stem = 8;
    public static readonly int[] BlocksPerStage = { 2, 2, 2, 2 }; // resnet18
    public static readonly int[] Strides = { 1, 2, 1, 1 };
    public const long HeadHidden = 8;
    public const int AsppBranches = 2;

    public static long Conv(long cin, long cout, long k, bool bias = false) => cin * cout * k * k + (bias ? cout : 0);
    public static long Bn(long c) => 2 * c;

    /// <summary>Per block: (residual branch parameters, projection parameters).</summary>
    public static List<(long Residual, long Projection)> Blocks()
    {
        var list = new List<(long, long)>();
        long cin = Stem;
        for (int s = 0; s < 4; s++)
        {
            for (int b = 0; b < BlocksPerStage[s]; b++)
            {
                long c = Channels[s];
                long residual = Conv(cin, c, 3) + Bn(c) + Conv(c, c, 3) + Bn(c);
                bool projection = cin != c || (b == 0 && Strides[s] != 1);
                list.Add((residual, projection ? Conv(cin, c, 1) + Bn(c) : 0));
                cin = c;
            }
        }
        return list;
    }

    public static long Trunk() => Conv(3, Stem, 7) + Bn(Stem) + Blocks().Sum(b => b.Residual + b.Projection);

    public static long Head(long outChannels) =>
        AsppBranches * (Conv(Channels[3], HeadHidden, 3, bias: true) + Conv(HeadHidden, HeadHidden, 1, bias: true) + Conv(HeadHidden, outChannels, 1, bias: true));

    public static long Heads(IEnumerable<int> outChannels) => outChannels.Sum(c => Head(c));
}
