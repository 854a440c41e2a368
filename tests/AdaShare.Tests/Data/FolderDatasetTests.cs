using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Tests.Fakes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

public sealed class FolderDatasetTests : IDisposable
{
    private const int H = 16, W = 24;
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private ExperimentConfig Config() => ConfigLoader.Parse($$"""
        data:
          dataset: folder
          root: {{_dir}}
          cache: false
          {{DatasetFixtures.FolderTargetsYaml.Replace("\n", "\n  ")}}
        tasks: [{ name: semantic, kind: segmentation }, { name: depth }, { name: normal }, { name: edge }, { name: keypoint }, { name: scene, kind: classification }]
        """);

    [Fact]
    public void Reads_every_target_kind_with_its_declared_ignore_value()
    {
        DatasetFixtures.Folder(_dir);
        var splits = DatasetFactory.OpenSplits(Config());
        Assert.Equal((8, 2, 2), (splits.Train.Count, splits.Val.Count, splits.Test.Count));
        Assert.Equal(["semantic", "depth", "normal", "edge", "keypoint", "scene"], splits.Train.Targets.Select(t => t.Name));
        Assert.Equal([TargetNames.Segmentation, TargetNames.Depth, TargetNames.Normal, TargetNames.Edge, TargetNames.Keypoint, TargetNames.Label],
            splits.Train.Targets.Select(t => t.MapKind));
        for (int i = 0; i < 3; i++) // sample 1 is a JPEG
        {
            var s = splits.Train.Get(i);
            Assert.Equal(3 * H * W, s.Image.Length);
            Assert.Equal(DatasetFixtures.Label(i, 5, 9, 5) * 6 / 255f, s.Image[5 * W + 9], i == 1 ? 0.03 : 1e-5);
            var seg = s.Targets["semantic"];
            Assert.Equal(TargetNames.IgnoreLabel, seg[1]);
            Assert.Equal(DatasetFixtures.Label(i, 4, 9, 5), seg[4 * W + 9]);
            Assert.Equal(0f, s.Targets["depth"][0]);
            Assert.Equal(DatasetFixtures.Depth(i, 3, 5), s.Targets["depth"][3 * W + 5], 5);
            var n = s.Targets["normal"];
            Assert.Equal((0f, 0f, 0f), (n[W], n[H * W + W], n[2 * H * W + W]));
            Assert.Equal(204 / 127.5f - 1, n[0], 5);
            var edge = s.Targets["edge"];
            Assert.Equal(TargetNames.IgnoreLabel, edge[2]);
            Assert.Equal(200 / 255f, edge[4], 5);
            Assert.Equal(0f, edge[5]);
            var kp = s.Targets["keypoint"];
            Assert.Equal(TargetNames.IgnoreLabel, kp[3]);
            Assert.Equal(0.5f, kp[0]);
            Assert.Equal([i % 3], s.Targets["scene"]);
        }
        Assert.Equal(["kitchen", "office", "street"], splits.Train.Targets[5].ClassNames);
    }

    [Fact]
    public void Without_a_val_folder_the_validation_split_is_a_seeded_hold_out_of_train()
    {
        DatasetFixtures.Folder(_dir);
        Directory.Delete(Path.Combine(_dir, "val"), true);
        var c = Config();
        c.Data.ValSize = 3;
        var splits = DatasetFactory.OpenSplits(c);
        Assert.Equal((5, 3, 2), (splits.Train.Count, splits.Val.Count, splits.Test.Count));
    }

    [Fact]
    public void A_folder_with_invalid_files_reports_every_one_in_order()
    {
        DatasetFixtures.Folder(_dir);
        // missing files: all listed when opening
        File.Delete(Path.Combine(_dir, "train", "depth", "img_002.npy"));
        File.Delete(Path.Combine(_dir, "train", "semseg", "img_005.png"));
        File.WriteAllLines(Path.Combine(_dir, "train", "labels.csv"), ["name,scene", "img_000,kitchen", "img_001,7"]);
        var open = Assert.Throws<InvalidDataException>(() => DatasetFactory.OpenSplits(Config())).Message;
        string[] expected = ["labels.csv: no row for image 'img_002'", "semseg/img_005.png/.npy: file not found", "depth/img_002.png/.npy: file not found", "label '7' for 'scene'"];
        foreach (var part in expected) Assert.Contains(part, open);
        DatasetFixtures.Folder(_dir);

        // unreadable files: the checker lists every bad sample, in index order
        var splits = DatasetFactory.OpenSplits(Config());
        File.WriteAllText(Path.Combine(_dir, "train", "image", "img_006.png"), "not a png");
        ImageFiles.Png(Path.Combine(_dir, "train", "semseg", "img_003.png"), H, W, 1, Enumerable.Repeat((byte)9, H * W).ToArray());
        ImageFiles.Npy(Path.Combine(_dir, "train", "depth", "img_004.npy"), new float[4 * W], 4, W);
        ImageFiles.Npy(Path.Combine(_dir, "train", "keypoint", "img_007.npy"), Enumerable.Repeat(3f, H * W).ToArray(), H, W);
        var report = DatasetChecker.Check(splits.Train);
        Assert.Equal(4, report.Errors.Count);
        Assert.Matches("^sample 3: .*semseg/img_003.png: label 9 out of range", report.Errors[0]);
        Assert.Matches("^sample 4: .*depth/img_004.npy: 4x24 map, expected 16x24", report.Errors[1]);
        Assert.Matches("^sample 6: .*image/img_006.png: not a readable image", report.Errors[2]);
        Assert.Matches("^sample 7: .*keypoint/img_007.npy: value 3 .* expected \\[0, 1\\]", report.Errors[3]);
        Assert.Equal(8, report.Samples);
    }

    [Fact]
    public void Truncated_jpeg_and_16_bit_or_palette_maps_are_rejected_with_the_file_named()
    {
        DatasetFixtures.Folder(_dir);
        var splits = DatasetFactory.OpenSplits(Config());
        string jpeg = Path.Combine(_dir, "train", "image", "img_001.jpg");
        var bytes = File.ReadAllBytes(jpeg);
        File.WriteAllBytes(jpeg, bytes[..(bytes.Length / 2)]);
        Assert.Matches("img_001.jpg: truncated image", Assert.Throws<InvalidDataException>(() => splits.Train.Get(1)).Message);

        ImageFiles.Png(Path.Combine(_dir, "train", "edge", "img_002.png"), H, W, 1, new byte[H * W], palette: [0, 0, 0, 255, 255, 255]);
        Assert.Matches("edge/img_002.png: palette PNG", Assert.Throws<InvalidDataException>(() => splits.Train.Get(2)).Message);
        ImageFiles.Png(Path.Combine(_dir, "train", "edge", "img_003.png"), H, W, 3, new byte[H * W * 3]);
        Assert.Equal(0f, splits.Train.Get(3).Targets["edge"][5]); // an RGB PNG with equal channels is a gray map
        var colour = new byte[H * W * 3];
        colour[0] = 9;
        ImageFiles.Png(Path.Combine(_dir, "train", "edge", "img_004.png"), H, W, 3, colour);
        Assert.Matches("edge/img_004.png: colour pixel \\(9,0,0\\) at \\(0, 0\\)", Assert.Throws<InvalidDataException>(() => splits.Train.Get(4)).Message);
    }

    [Fact]
    public void Config_errors_name_the_target_key()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            data: { dataset: folder, root: x, targets: [{ name: seg, kind: segmentation }, { name: d, kind: dpth }] }
            tasks: [{ name: seg, kind: segmentation }]
            """)).Message;
        Assert.Contains("data.targets[0].num_classes: a segmentation target needs num_classes or classes", e);
        Assert.Contains("data.targets[1].kind: 'dpth' is not one of", e);
        Assert.Contains("data.targets: a folder dataset needs at least one target",
            Assert.Throws<ConfigException>(() => ConfigLoader.Parse("data: { dataset: folder, root: x }\ntasks: [{ name: depth }]")).Message);
        Assert.Contains("data.random_scale: needs data.crop",
            Assert.Throws<ConfigException>(() => ConfigLoader.Parse("data: { random_scale: [0.5, 1.5] }\ntasks: [{ name: depth }]")).Message);
    }
}
