using System.Text.Json;
using AdaShare.Data;

namespace AdaShare.Tests.Data.Fixtures;

/// <summary>
/// Writes a Tiny-Taskonomy tree as published: <c>taskonomy.json</c>, <c>semseg_prior_factor.npy</c> (17 float32) and
/// <c>{building}/{task}/point_{i}_view_0_domain_{task}.png</c> files — 8-bit RGB rgb and normal, 8-bit grey
/// segment_semantic, 16-bit grey depth_zbuffer, keypoints2d and edge_texture, all <see cref="Size"/>×<see cref="Size"/>.
/// Pixel (y, x) of sample i holds known values (see the Value* functions) so tests can hand-compute every transform.
/// </summary>
public static class TaskonomyFixture
{
    public const int Size = 16;
    public static readonly string[] Tasks = ["rgb", "segment_semantic", "normal", "depth_zbuffer", "keypoints2d", "edge_texture"];
    public static readonly float[] Prior = Enumerable.Range(0, 17).Select(k => 0.5f + k * 0.25f).ToArray();

    public static int Label(int i, int y, int x) => (y + x / 2 + i) % 18;             // 0..17, 0 = unlabelled
    public static int Depth(int i, int y, int x) => x == 0 ? 65535 : y * 4000 + x * 7 + i; // column 0 invalid
    public static int Keypoint(int i, int y, int x) => x * 40 + y;                      // crosses 0.005·2^16 = 327.68
    public static int Edge(int i, int y, int x) => x * 700 + y;                         // crosses 0.08·2^16 = 5242.88
    public static (int R, int G, int B) Rgb(int i, int y, int x) => (x * 16, y * 16, 10 * i);
    public static (int X, int Y, int Z) Normal(int i, int y, int x) => (255 - x * 8, y * 8, 200);

    /// <summary>Per split, how many samples (each split gets its own images; train1/train2 are halves of train).</summary>
    public static void Write(string root, int train = 6, int test = 3)
    {
        var entries = new Dictionary<string, List<string[]>>();
        var all = Enumerable.Range(0, train + test).Select(i => WriteSample(root, i < train ? "allensville" : "collierville", i)).ToList();
        entries["train"] = all.Take(train).ToList();
        entries["train1"] = all.Take(train / 2).ToList();
        entries["train2"] = all.Skip(train / 2).Take(train - train / 2).ToList();
        entries["test"] = all.Skip(train).ToList();
        entries["test_small"] = all.Skip(train).Take(1).ToList();
        File.WriteAllText(Path.Combine(root, "taskonomy.json"), JsonSerializer.Serialize(entries));
        NpyWriter.Write(Path.Combine(root, "semseg_prior_factor.npy"), Prior.Select(v => (double)v).ToArray(), Prior.Length); // float64, numpy's default
    }

    public static string PathOf(string building, string task, int i) => $"{building}/{task}/point_{i}_view_0_domain_{task}.png";

    private static string[] WriteSample(string root, string building, int i)
    {
        const int n = Size;
        var paths = Tasks.Select(t => PathOf(building, t, i)).ToArray();
        string Full(int k) => Path.Combine(root, paths[k]);
        PngWriter.Write(Full(0), n, n, 3, 8, Pixels(n, 3, (y, x) => { var c = Rgb(i, y, x); return [c.R, c.G, c.B]; }));
        PngWriter.Write(Full(1), n, n, 1, 8, Pixels(n, 1, (y, x) => [Label(i, y, x)]));
        PngWriter.Write(Full(2), n, n, 3, 8, Pixels(n, 3, (y, x) => { var c = Normal(i, y, x); return [c.X, c.Y, c.Z]; }));
        PngWriter.Write(Full(3), n, n, 1, 16, Pixels(n, 1, (y, x) => [Depth(i, y, x)]));
        PngWriter.Write(Full(4), n, n, 1, 16, Pixels(n, 1, (y, x) => [Keypoint(i, y, x)]));
        PngWriter.Write(Full(5), n, n, 1, 16, Pixels(n, 1, (y, x) => [Edge(i, y, x)]));
        return paths;
    }

    private static int[] Pixels(int n, int channels, Func<int, int, int[]> value)
    {
        var data = new int[n * n * channels];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                value(y, x).CopyTo(data, (y * n + x) * channels);
        return data;
    }
}
