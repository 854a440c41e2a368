using AdaShare.Data;
using AdaShare.Data.Scenes;

namespace AdaShare.Tests.Data;

public class ScenesDatasetTests
{
    private static ScenesDataset Make(ulong seed = 0, string split = "train", int h = 64, int w = 80) =>
        new(new ScenesOptions { Seed = seed, Height = h, Width = w }, split);

    [Fact]
    public void Contract_targets_sizes_and_splits()
    {
        var ds = Make();
        Assert.Equal(2000, ds.Count);
        Assert.Equal(300, Make(split: "val").Count);
        Assert.Equal(300, Make(split: "test").Count);
        Assert.Equal(new[] { "segmentation", "depth", "normal", "edge", "keypoint" }, ds.Targets.Select(t => t.Name));
        Assert.Equal(new[] { 1, 1, 3, 1, 1 }, ds.Targets.Select(t => t.Channels));
        Assert.True(ds.Targets[0].ClassNames!.Count >= 7);
        var s = ds.Get(0);
        Assert.Equal(3 * 64 * 80, s.Image.Length);
        foreach (var t in ds.Targets) Assert.Equal(t.Channels * 64 * 80, s.Targets[t.Name].Length);
        var e = Assert.Throws<ArgumentException>(() => Make(split: "dev"));
        Assert.Contains("dev", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Get(2000));
    }

    [Fact]
    public void Same_seed_gives_identical_samples_and_other_seed_or_split_differs()
    {
        var a = Make(seed: 7).Get(3);
        var b = Make(seed: 7).Get(3);
        Assert.Equal(a.Image, b.Image);
        foreach (var (k, v) in a.Targets) Assert.Equal(v, b.Targets[k]);
        Assert.NotEqual(a.Image, Make(seed: 8).Get(3).Image);
        Assert.NotEqual(a.Image, Make(seed: 7, split: "val").Get(3).Image);
        Assert.NotEqual(a.Image, Make(seed: 7).Get(4).Image);
    }

    [Fact]
    public void Generation_is_thread_safe_and_order_independent()
    {
        var ds = Make(seed: 3);
        var sequential = Enumerable.Range(0, 16).Select(i => ds.Get(i).Image).ToArray();
        var parallel = new float[16][];
        Parallel.For(0, 16, i => parallel[15 - i] = ds.Get(15 - i).Image);
        for (int i = 0; i < 16; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void Values_are_finite_and_follow_the_target_conventions()
    {
        var ds = Make(seed: 1);
        int hw = ds.Height * ds.Width;
        for (int i = 0; i < 40; i++)
        {
            var s = ds.Get(i);
            Assert.All(s.Image, v => Assert.True(v is >= 0f and <= 1f));
            foreach (var (name, map) in s.Targets) Assert.All(map, v => Assert.True(float.IsFinite(v), $"{name} not finite"));
            Assert.All(s.Targets[TargetNames.Segmentation], v => Assert.True(v == TargetNames.IgnoreLabel || (v >= 0 && v < SceneClasses.Count && v == MathF.Floor(v))));
            Assert.All(s.Targets[TargetNames.Depth], v => Assert.True(v >= 0f && v < 20f));
            Assert.All(s.Targets[TargetNames.Edge], v => Assert.True(v is 0f or 1f));
            Assert.All(s.Targets[TargetNames.Keypoint], v => Assert.True(v is >= 0f and <= 1f));
            var n = s.Targets[TargetNames.Normal];
            for (int p = 0; p < hw; p++)
            {
                float x = n[p], y = n[hw + p], z = n[2 * hw + p];
                float len = MathF.Sqrt(x * x + y * y + z * z);
                if (s.Targets[TargetNames.Depth][p] == 0) Assert.Equal(0f, len);
                else
                {
                    Assert.InRange(len, 0.999f, 1.001f);
                    float rx = (p % ds.Width + 0.5f - ds.Intrinsics.Cx) / ds.Intrinsics.Fx, ry = (p / ds.Width + 0.5f - ds.Intrinsics.Cy) / ds.Intrinsics.Fy;
                    Assert.True(x * rx + y * ry + z < 1e-3f, "normals face the camera (against the viewing ray)");
                }
            }
            Assert.Contains(s.Targets[TargetNames.Edge], v => v == 1f);
        }
    }

    [Fact]
    public void Normals_agree_with_normals_from_depth_by_finite_differences()
    {
        var ds = Make(seed: 2);
        var k = ds.Intrinsics;
        int h = ds.Height, w = ds.Width, hw = h * w;
        var errors = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            var s = ds.Get(i);
            var d = s.Targets[TargetNames.Depth];
            var n = s.Targets[TargetNames.Normal];
            var seg = s.Targets[TargetNames.Segmentation];
            var edge = s.Targets[TargetNames.Edge];
            (double X, double Y, double Z) P(int x, int y)
            {
                double z = d[y * w + x];
                return ((x + 0.5 - k.Cx) / k.Fx * z, (y + 0.5 - k.Cy) / k.Fy * z, z);
            }
            for (int y = 1; y < h - 1; y++)
                for (int x = 1; x < w - 1; x++)
                {
                    int p = y * w + x;
                    bool flat = true;
                    for (int dy = -1; dy <= 1 && flat; dy++)
                        for (int dx = -1; dx <= 1 && flat; dx++)
                        {
                            int q = p + dy * w + dx;
                            flat = edge[q] == 0 && seg[q] == seg[p];
                        }
                    if (!flat) continue;
                    var (ax, ay, az) = P(x + 1, y); var (bx, by, bz) = P(x - 1, y);
                    var (cx, cy, cz) = P(x, y + 1); var (ex, ey, ez) = P(x, y - 1);
                    double ux = ax - bx, uy = ay - by, uz = az - bz, vx = cx - ex, vy = cy - ey, vz = cz - ez;
                    double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
                    double len = Math.Sqrt(nx * nx + ny * ny + nz * nz);
                    var (px, py, pz) = P(x, y);
                    if (nx * px + ny * py + nz * pz > 0) len = -len; // face the camera
                    double cos = (nx * n[p] + ny * n[hw + p] + nz * n[2 * hw + p]) / len;
                    errors.Add(Math.Acos(Math.Clamp(cos, -1, 1)) * 180 / Math.PI);
                }
        }
        errors.Sort();
        double median = errors[errors.Count / 2];
        Assert.True(errors.Count > 20 * 1000, $"only {errors.Count} comparable pixels");
        double p90 = errors[errors.Count * 9 / 10];
        Assert.True(median < 5, $"median angle error {median:F2} deg");
        Assert.True(p90 < 10, $"90th percentile angle error {p90:F2} deg");
    }

    [Fact]
    public void Every_class_appears_in_the_first_300_train_samples()
    {
        var ds = Make();
        var report = DatasetChecker.Check(ds, 300);
        Assert.Equal(300, report.Samples);
        for (int c = 0; c < SceneClasses.Count; c++)
            Assert.True(report.ClassPixels[c] > 0, $"class {SceneClasses.Names[c]} never appears");
        Assert.Equal(0, report.NonUnitNormals);
        Assert.Equal(0, report.IgnorePixels);
    }

    [Fact]
    public void Keypoints_are_blobs_on_visible_object_points()
    {
        var ds = Make(seed: 5);
        int withKeypoints = 0;
        for (int i = 0; i < 20; i++)
        {
            var s = ds.Get(i);
            var kp = s.Targets[TargetNames.Keypoint];
            if (kp.Max() > 0.6f) withKeypoints++;
        }
        Assert.True(withKeypoints >= 15, $"only {withKeypoints} of 20 images have a keypoint peak");
    }

    [Fact]
    public void Resolution_is_configurable()
    {
        var ds = Make(h: 32, w: 48);
        var s = ds.Get(0);
        Assert.Equal(3 * 32 * 48, s.Image.Length);
        Assert.Equal(32 * 48, s.Targets[TargetNames.Depth].Length);
        Assert.Throws<ArgumentException>(() => Make(h: 2, w: 2));
    }
}
