using AdaShare.Data;
using AdaShare.Data.NyuV2;
using AdaShare.Data.Scenes;

namespace AdaShare.Tests.Data;

public sealed class NyuV2NpyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-nyu-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static ScenesDataset Scenes(string split = "train") => new(new ScenesOptions { Seed = 11, Height = 24, Width = 32 }, split);

    [Fact]
    public void Export_then_load_gives_identical_tensors()
    {
        var scenes = Scenes();
        Assert.Equal(5, NyuV2NpyExporter.Export(scenes, _dir, "train", 5));
        var nyu = new NyuV2NpyDataset(_dir, "train");
        Assert.Equal(5, nyu.Count);
        Assert.Equal((24, 32), (nyu.Height, nyu.Width));
        Assert.Equal(scenes.Targets.Select(t => (t.Name, t.Channels)), nyu.Targets.Select(t => (t.Name, t.Channels)));
        Assert.Equal(SceneClasses.Names, nyu.ClassNames);
        for (int i = 0; i < 5; i++)
        {
            var a = scenes.Get(i);
            var b = nyu.Get(i);
            Assert.Equal(a.Image, b.Image);
            foreach (var (k, v) in a.Targets) Assert.Equal(v, b.Targets[k]);
        }
        // the layout: HWC float32
        var img = NpyReader.Read(Path.Combine(_dir, "train", "image", "0.npy"));
        Assert.Equal(new[] { 24, 32, 3 }, img.Shape);
        Assert.Equal("<f4", img.DType);
        Assert.Equal(new[] { 24, 32 }, NpyReader.Read(Path.Combine(_dir, "train", "label", "0.npy")).Shape);
        Assert.Equal(new[] { 24, 32, 1 }, NpyReader.Read(Path.Combine(_dir, "train", "depth", "0.npy")).Shape);
        Assert.Equal(new[] { 24, 32, 3 }, NpyReader.Read(Path.Combine(_dir, "train", "normal", "0.npy")).Shape);
        Assert.True(File.Exists(Path.Combine(_dir, "classes.json")));
    }

    [Fact]
    public void Label_minus_one_maps_to_ignore_and_back()
    {
        var dir = Path.Combine(_dir, "val");
        foreach (var f in new[] { "image", "label", "depth", "normal" }) Directory.CreateDirectory(Path.Combine(dir, f));
        NpyWriter.Write(Path.Combine(dir, "image", "0.npy"), new float[2 * 3 * 3], 2, 3, 3);
        NpyWriter.Write(Path.Combine(dir, "label", "0.npy"), new double[] { -1, 0, 12, 3, -1, 5 }, 2, 3); // float64, like some NYUv2 copies
        NpyWriter.Write(Path.Combine(dir, "depth", "0.npy"), new float[] { 0, 1, 2, 3, 4, 5 }, 2, 3, 1);
        NpyWriter.Write(Path.Combine(dir, "normal", "0.npy"), new float[2 * 3 * 3], 2, 3, 3);
        var ds = new NyuV2NpyDataset(_dir, "val");
        Assert.Equal(13, ds.ClassNames.Count);
        Assert.Equal(3, ds.Targets.Count); // no edge / keypoint folders
        var s = ds.Get(0);
        Assert.Equal(new[] { 255f, 0, 12, 3, 255, 5 }, s.Targets[TargetNames.Segmentation]);

        // export maps 255 back to −1
        var out2 = Path.Combine(_dir, "re");
        NyuV2NpyExporter.Export(ds, out2, "val");
        Assert.Equal(new[] { -1f, 0, 12, 3, -1, 5 }, NpyReader.Read(Path.Combine(out2, "val", "label", "0.npy")).Data);
    }

    [Fact]
    public void Malformed_datasets_give_errors_naming_the_file()
    {
        NyuV2NpyExporter.Export(Scenes(), _dir, "train", 3);
        var train = Path.Combine(_dir, "train");

        // wrong shape
        NpyWriter.Write(Path.Combine(train, "depth", "1.npy"), new float[24 * 31], 24, 31, 1);
        var e = Assert.Throws<InvalidDataException>(() => new NyuV2NpyDataset(_dir, "train").Get(1));
        Assert.Contains(Path.Combine("depth", "1.npy"), e.Message);
        Assert.Contains("shape", e.Message);

        // label out of range
        NpyWriter.Write(Path.Combine(train, "label", "2.npy"), Enumerable.Repeat(9f, 24 * 32).ToArray(), 24, 32);
        e = Assert.Throws<InvalidDataException>(() => new NyuV2NpyDataset(_dir, "train").Get(2));
        Assert.Contains(Path.Combine("label", "2.npy"), e.Message);
        Assert.Contains("out of range", e.Message);

        // NaN
        var img = new float[24 * 32 * 3];
        img[5] = float.NaN;
        NpyWriter.Write(Path.Combine(train, "image", "0.npy"), img, 24, 32, 3);
        e = Assert.Throws<InvalidDataException>(() => new NyuV2NpyDataset(_dir, "train").Get(0));
        Assert.Contains(Path.Combine("image", "0.npy"), e.Message);
        Assert.Contains("NaN", e.Message);

        // missing folder, missing split
        Directory.Delete(Path.Combine(train, "normal"), true);
        e = Assert.Throws<InvalidDataException>(() => new NyuV2NpyDataset(_dir, "train"));
        Assert.Contains("normal", e.Message);
        Assert.Contains("missing folder", e.Message);
        Assert.Throws<InvalidDataException>(() => new NyuV2NpyDataset(_dir, "val"));
    }
}
