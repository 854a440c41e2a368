using AdaShare.Metrics;
using static AdaShare.Tests.Metrics.MetricTestUtil;

namespace AdaShare.Tests.Metrics;

/// <summary>The exact median: across the 2^20-angle storage chunks, with non-finite angles sorted last, and the
/// selection routine's index check.</summary>
public class NormalMedianTests
{
    private const int Chunk = 1 << 20;

    // Pixels of one 1×3×1×N image with gt = +z and a prediction at the given angle in the x–z plane.
    private static (float[] Pred, float[] Gt) AtAngles(double[] degrees)
    {
        int n = degrees.Length;
        var p = new float[3 * n];
        var g = new float[3 * n];
        for (int i = 0; i < n; i++)
        {
            p[i] = (float)Math.Sin(degrees[i] * Math.PI / 180);
            p[2 * n + i] = (float)Math.Cos(degrees[i] * Math.PI / 180);
            g[2 * n + i] = 1;
        }
        return (p, g);
    }

    [Fact]
    public void TheMedianReadsTheSecondStorageChunk()
    {
        // 2^19 angles of 10°, 2^19 of 50°, then 1024 of 80° (these land in the second chunk): the median is 50°;
        // were the second chunk lost or misplaced, 10° (or an error).
        int n = Chunk + 1024;
        var degrees = new double[n];
        for (int i = 0; i < n; i++)
            degrees[i] = i < Chunk / 2 ? 10 : i < Chunk ? 50 : 80;
        var (p, g) = AtAngles(degrees);
        var m = new NormalMetrics();
        using (var pt = T(p, 1, 3, 1, n))
        using (var gt = T(g, 1, 3, 1, n))
            m.Update(pt, gt);
        Assert.Equal(n, m.ValidPixels);
        Assert.Equal(50.0, Get(m.Compute(), "median_angle"), 4);
    }

    [Fact]
    public void ResetDropsTheStoredAngles()
    {
        // A: two angles of 90°; B: 0° and 40°. After Reset the median must be B's alone (20°).
        var m = new NormalMetrics();
        var (pa, ga) = AtAngles([90, 90]);
        using (var p = T(pa, 1, 3, 1, 2))
        using (var g = T(ga, 1, 3, 1, 2))
            m.Update(p, g);
        m.Reset();
        var (pb, gb) = AtAngles([0, 40]);
        using (var p = T(pb, 1, 3, 1, 2))
        using (var g = T(gb, 1, 3, 1, 2))
            m.Update(p, g);
        Assert.Equal(20.0, Get(m.Compute(), "median_angle"), 4);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ANonFiniteAngleSortsLastForTheMedian(int where)
    {
        // Angles 10°, 20°, 30° and one undefined (prediction x = +∞: ∞·0 in the dot product). Sorted with the
        // undefined one last, the median of four is (20 + 30) / 2; mean and RMSE become NaN.
        var degrees = new List<double> { 10, 20, 30 };
        degrees.Insert(where, 0);
        var (p, g) = AtAngles(degrees.ToArray());
        p[where] = float.PositiveInfinity;
        var m = new NormalMetrics();
        using (var pt = T(p, 1, 3, 1, 4))
        using (var gt = T(g, 1, 3, 1, 4))
            m.Update(pt, gt);
        var r = m.Compute();
        Assert.Equal(25.0, Get(r, "median_angle"), 4);
        Assert.True(double.IsNaN(Get(r, "mean_angle")));
    }

    [Fact]
    public void SelectRejectsAnIndexOutsideTheArray()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select([1f, 2f, 3f], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select([1f, 2f, 3f], -1));
        Assert.Equal(3f, Selection.Select([3f, 1f, 2f], 2));
    }
}
