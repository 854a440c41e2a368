using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Data.CityScapes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

public sealed class CityScapesNpyTests : IDisposable
{
    private const int H = 8, W = 16;
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-cityscapes-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A fake MTAN CityScapes layout: image H×W×3, label_{2,7,19} H×W with −1 at pixel 0, depth H×W×1.</summary>
    private void WriteLayout(int train = 2, int val = 1)
    {
        foreach (var (split, n) in new[] { ("train", train), ("val", val) })
        {
            var dir = Path.Combine(_dir, split);
            foreach (var f in new[] { "image", "label_2", "label_7", "label_19", "depth" }) Directory.CreateDirectory(Path.Combine(dir, f));
            for (int i = 0; i < n; i++)
            {
                NpyWriter.Write(Path.Combine(dir, "image", $"{i}.npy"), Enumerable.Range(0, H * W * 3).Select(k => (k % 7) / 7f).ToArray(), H, W, 3);
                foreach (int c in new[] { 2, 7, 19 })
                {
                    var label = Enumerable.Range(0, H * W).Select(k => (double)((k + i) % c)).ToArray();
                    label[0] = -1;
                    NpyWriter.Write(Path.Combine(dir, $"label_{c}", $"{i}.npy"), label, H, W); // float64, as the MTAN files
                }
                NpyWriter.Write(Path.Combine(dir, "depth", $"{i}.npy"), Enumerable.Range(0, H * W).Select(k => k % 5 * 0.01f).ToArray(), H, W, 1);
            }
        }
    }

    [Fact]
    public void Loads_shapes_channels_first_and_maps_minus_one_to_ignore()
    {
        WriteLayout();
        var ds = new CityScapesNpyDataset(_dir, "train");
        Assert.Equal(2, ds.Count);
        Assert.Equal((H, W), (ds.Height, ds.Width));
        Assert.Equal("cityscapes-npy", ds.Name);
        Assert.Equal(new[] { (TargetNames.Segmentation, 1), (TargetNames.Depth, 1) }, ds.Targets.Select(t => (t.Name, t.Channels)));
        Assert.Equal(new[] { "flat", "construction", "object", "nature", "sky", "human", "vehicle" }, ds.ClassNames);

        var s = ds.Get(1);
        Assert.Equal(3 * H * W, s.Image.Length);
        Assert.Equal(1 / 7f, s.Image[1 * H * W + 0]); // channel 1 of pixel 0 = HWC element 1
        Assert.Equal(3 / 7f, s.Image[0 * H * W + 1]); // channel 0 of pixel 1 = HWC element 3
        var seg = s.Targets[TargetNames.Segmentation];
        Assert.Equal(H * W, seg.Length);
        Assert.Equal(TargetNames.IgnoreLabel, seg[0]);
        Assert.Equal((1 + 1) % 7, seg[1]);
        Assert.DoesNotContain(-1f, seg);
        var depth = s.Targets[TargetNames.Depth];
        Assert.Equal(H * W, depth.Length);
        Assert.Equal(0.02f, depth[2]);

        Assert.Equal(1, new CityScapesNpyDataset(_dir, "val").Count);
    }

    [Theory]
    [InlineData(2, "class1")]
    [InlineData(7, "vehicle")]
    [InlineData(19, "bicycle")]
    public void Classes_pick_the_label_folder(int classes, string lastName)
    {
        WriteLayout();
        var ds = new CityScapesNpyDataset(_dir, "val", classes);
        Assert.Equal(classes, ds.ClassNames.Count);
        Assert.Equal(lastName, ds.ClassNames[^1]);
        Assert.Same(ds.ClassNames, ds.Targets[0].ClassNames);
        var seg = ds.Get(0).Targets[TargetNames.Segmentation];
        Assert.Equal(classes - 1, seg.Where(v => v != TargetNames.IgnoreLabel).Max());
        Assert.Throws<ArgumentException>(() => new CityScapesNpyDataset(_dir, "val", 13));
    }

    [Fact]
    public void Missing_folder_and_wrong_shape_give_errors_naming_them()
    {
        WriteLayout();
        Directory.Delete(Path.Combine(_dir, "train", "label_19"), true);
        var e = Assert.Throws<InvalidDataException>(() => new CityScapesNpyDataset(_dir, "train", 19));
        Assert.Contains(Path.Combine("train", "label_19"), e.Message);
        Assert.Contains("missing folder", e.Message);
        Assert.Equal(2, new CityScapesNpyDataset(_dir, "train", 7).Count); // only the picked label folder is needed

        NpyWriter.Write(Path.Combine(_dir, "train", "depth", "1.npy"), new float[H * (W - 1)], H, W - 1, 1);
        e = Assert.Throws<InvalidDataException>(() => new CityScapesNpyDataset(_dir, "train").Get(1));
        Assert.Contains(Path.Combine("depth", "1.npy"), e.Message);
        Assert.Contains("shape", e.Message);

        File.Delete(Path.Combine(_dir, "train", "label_7", "1.npy"));
        e = Assert.Throws<InvalidDataException>(() => new CityScapesNpyDataset(_dir, "train"));
        Assert.Contains("label_7", e.Message);
        Assert.Contains("1 .npy files, but image/ has 2", e.Message);

        var nan = Enumerable.Repeat(0.5f, H * W).ToArray();
        nan[3] = float.NaN;
        NpyWriter.Write(Path.Combine(_dir, "val", "depth", "0.npy"), nan, H, W, 1);
        e = Assert.Throws<InvalidDataException>(() => new CityScapesNpyDataset(_dir, "val").Get(0));
        Assert.Contains(Path.Combine("val", "depth", "0.npy"), e.Message);
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void Factory_opens_train_holdout_and_val_as_test()
    {
        WriteLayout();
        // val is the test split; the validation split is a seeded hold-out of train (val_size, at most half of it)
        var config = ConfigLoader.Parse($$"""
            name: cs
            data: { dataset: cityscapes-npy, root: "{{_dir}}", num_classes: 19, val_size: 5 }
            tasks: [{ name: segmentation }, { name: depth }]
            """);
        var splits = DatasetFactory.OpenSplits(config);
        Assert.Equal(1, splits.Train.Count);
        Assert.Equal(1, splits.Val.Count);
        Assert.Equal(1, splits.Test.Count);
        Assert.Equal(19, splits.Test.Targets[0].ClassNames!.Count);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: cs\ndata: { dataset: cityscapes-npy, root: x, num_classes: 13 }\ntasks: [{ name: depth }]\n"));
        Assert.Contains("data.num_classes", e.Message);
    }

    [Fact]
    public void Shipped_config_validates_without_the_dataset_on_disk()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AdaShare.slnx"))) dir = dir.Parent;
        var config = ConfigLoader.Load(Path.Combine(dir!.FullName, "configs", "cityscapes-2task.yaml"));
        Assert.Equal("cityscapes", config.Data.Dataset); // the official AdaShare layout
        Assert.Equal(19, config.Data.NumClasses);
        Assert.Equal([224, 224], config.Data.Crop);
        Assert.Equal([0.5, 1.5], config.Data.RandomScale);
        Assert.Equal("bgr-mean", config.Data.Normalize);
        Assert.Equal("resnet34", config.Model.Backbone);
        Assert.Equal(new[] { ("segmentation", 1.0), ("depth", 20.0) }, config.Tasks.Select(t => (t.Name, t.Weight)));
        Assert.Equal((0.01, 0.1, 3), (config.Policy.SparsityWeight, config.Policy.SharingWeight, config.Policy.CurriculumSpeed));
        Assert.Equal((1e-4, 1e-3), (config.Train.LrHeads, config.Train.LrBackbone));
        Assert.False(Directory.Exists(Path.Combine(dir.FullName, config.Data.Root!)));
    }
}
