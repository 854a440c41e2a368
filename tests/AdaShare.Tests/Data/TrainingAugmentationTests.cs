using AdaShare.Data;
using TorchSharp;

namespace AdaShare.Tests.Data;

public sealed class TrainingAugmentationTests
{
    private const int H = 24, W = 40;

    private static readonly TargetInfo[] Targets =
    [
        new(TargetNames.Segmentation, 1, ["a", "b", "c", "d", "e"]),
        new(TargetNames.Depth, 1),
        new("surface", 3, Kind: TargetNames.Normal),
    ];

    /// <summary>Image red = label / 10 (so label and image can be compared anywhere), depth = 1 + x, normal = (0.6, 0, 0.8).</summary>
    private static MultiTaskSample Sample()
    {
        int hw = H * W;
        var image = new float[3 * hw];
        var seg = new float[hw];
        var depth = new float[hw];
        var normal = new float[3 * hw];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                int p = y * W + x, label = (x / 10 + y / 8) % 5;
                seg[p] = label;
                image[p] = label / 10f;
                image[hw + p] = x / (float)W;
                depth[p] = 1 + x;
                normal[p] = 0.6f; normal[2 * hw + p] = 0.8f;
            }
        return new MultiTaskSample { Image = image, Targets = new Dictionary<string, float[]> { ["segmentation"] = seg, ["depth"] = depth, ["surface"] = normal } };
    }

    [Fact]
    public void Flip_negates_the_normal_x_and_mirrors_every_map()
    {
        var aug = new TrainingAugmentation(true);
        var s = aug.Apply(Sample(), Targets, H, W, new Random(1), flip: true, [0f, 0f, 0f]);
        var n = s.Targets["surface"];
        Assert.All(n.Take(H * W), v => Assert.Equal(-0.6f, v));
        Assert.All(n.Skip(2 * H * W), v => Assert.Equal(0.8f, v));
        Assert.Equal(1 + (W - 1), s.Targets["depth"][0]);
        Assert.Equal(Sample().Targets["segmentation"][W - 1], s.Targets["segmentation"][0]);
    }

    [Fact]
    public void Crops_keep_labels_aligned_with_the_image_at_every_scale()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            // scale 1: image and labels agree exactly; random scales: they differ only where bilinear blends block borders
            bool unscaled = seed < 5;
            var aug = unscaled ? new TrainingAugmentation(true, 1, 1, 20, 32) : new TrainingAugmentation(true, 0.5, 1.5, 20, 32);
            var rng = new Random(seed);
            var s = aug.Apply(Sample(), Targets, H, W, rng, flip: seed % 2 == 0, [0.5f, 0.5f, 0.5f]);
            int hw = 20 * 32, agree = 0, labelled = 0;
            Assert.Equal(3 * hw, s.Image.Length);
            for (int p = 0; p < hw; p++)
            {
                float label = s.Targets["segmentation"][p];
                if (label == TargetNames.IgnoreLabel)
                {
                    // padding: every map invalid, the image the padding colour
                    Assert.Equal(0f, s.Targets["depth"][p]);
                    Assert.Equal(0f, s.Targets["surface"][p]);
                    Assert.Equal(0.5f, s.Image[p]);
                    continue;
                }
                labelled++;
                if (unscaled ? s.Image[p] == label / 10f : WithinNeighbourLabels(s.Image[p], s.Targets["segmentation"], p / 32, p % 32, 20, 32)) agree++;
            }
            Assert.True(agree == labelled, $"seed {seed}: {agree} of {labelled} pixels agree");
        }
    }

    /// <summary>Bilinear image values blend the labels of neighbouring pixels only: the value lies within their range.</summary>
    private static bool WithinNeighbourLabels(float value, float[] seg, int y, int x, int h, int w)
    {
        float lo = float.MaxValue, hi = float.MinValue;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                int yy = y + dy, xx = x + dx;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w || seg[yy * w + xx] == TargetNames.IgnoreLabel) continue;
                lo = MathF.Min(lo, seg[yy * w + xx] / 10f);
                hi = MathF.Max(hi, seg[yy * w + xx] / 10f);
            }
        return value >= lo - 1e-4f && value <= hi + 1e-4f;
    }

    [Fact]
    public void Training_batches_are_cropped_normalised_and_deterministic_per_seed()
    {
        var ds = new Fakes.TinyDataset(8, 1, 24, 24);
        var builder = new BatchBuilder(ds, ["segmentation", "normal"], torch.CPU, new TrainingAugmentation(true, 0.5, 1.5, 16, 16), InputNormalization.Get("bgr-mean"));
        using var a = builder.Training(4, 7, "warmup", 3, flip: true);
        using var b = builder.Training(4, 7, "warmup", 3, flip: true);
        Assert.Equal([4L, 3, 16, 16], a.Images.shape);
        Assert.Equal([4L, 3, 16, 16], a.Targets["normal"].shape);
        Assert.True(a.Images.equal(b.Images).all().item<bool>());
        Assert.True(a.Targets["segmentation"].equal(b.Targets["segmentation"]).all().item<bool>());
        Assert.True(a.Images.max().item<float>() > 1f, "bgr-mean input is on the 0-255 scale less the mean");
        using var eval = builder.Sequential(0, 2);
        Assert.Equal([2L, 3, 24, 24], eval.Images.shape); // evaluation: full resolution
    }

    [Fact]
    public void Bgr_mean_reverses_channels_and_subtracts_the_official_mean()
    {
        var images = new float[] { 1f, 0.5f, 0f }; // one pixel, RGB
        InputNormalization.Get("bgr-mean").Apply(images, 1);
        Assert.Equal(0 - 104.00698793f, images[0], 3);
        Assert.Equal(127.5f - 116.66876762f, images[1], 3);
        Assert.Equal(255 - 122.67891434f, images[2], 3);
        var zero = InputNormalization.Get("imagenet").ZeroColor();
        InputNormalization.Get("imagenet").Apply(zero, 1);
        Assert.All(zero, v => Assert.Equal(0f, v, 5));
    }
}
