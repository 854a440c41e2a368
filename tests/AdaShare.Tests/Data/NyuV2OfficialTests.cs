using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Data.NyuV2;
using AdaShare.Tests.Fakes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

public sealed class NyuV2OfficialTests : IDisposable
{
    private const int H = 24, W = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-nyuv2-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private ExperimentConfig Config(string extra = "") => ConfigLoader.Parse($$"""
        data: { dataset: nyuv2, root: {{_dir}}, val_size: 2, cache: false{{extra}} }
        tasks: [{ name: segmentation }, { name: normal }, { name: depth }]
        """);

    [Fact]
    public void Reads_png_labels_encoded_normals_and_fortran_depth()
    {
        DatasetFixtures.NyuV2(_dir);
        var list = SplitList.Read(_dir, NyuV2OfficialDataset.ListFile, NyuV2OfficialDataset.Columns);
        var ds = new NyuV2OfficialDataset(list, "train", list.Get("train"));
        Assert.Equal((8, H, W), (ds.Count, ds.Height, ds.Width));
        Assert.Equal(40, ds.Targets[0].ClassNames!.Count);
        for (int i = 0; i < 2; i++) // sample 1 has Fortran-ordered depth
        {
            var s = ds.Get(i);
            Assert.Equal(3 * H * W, s.Image.Length);
            Assert.Equal(DatasetFixtures.Label(i, 5, 9, 40) * 6 / 255f, s.Image[5 * W + 9], 5);
            Assert.Equal(9 * 4 / 255f, s.Image[H * W + 5 * W + 9], 5);
            var seg = s.Targets[TargetNames.Segmentation];
            Assert.Equal(TargetNames.IgnoreLabel, seg[1]);
            Assert.Equal(DatasetFixtures.Label(i, 3, 7, 40), seg[3 * W + 7]);
            var n = s.Targets[TargetNames.Normal];
            Assert.Equal(204 / 127.5f - 1, n[0], 5);
            Assert.Equal(128 / 127.5f - 1, n[H * W], 5);
            Assert.Equal(230 / 127.5f - 1, n[2 * H * W], 5);
            Assert.Equal((0f, 0f, 0f), (n[W], n[H * W + W], n[2 * H * W + W])); // (255, 255, 255) = invalid
            var depth = s.Targets[TargetNames.Depth];
            Assert.Equal(DatasetFixtures.Depth(i, 5, 9), depth[5 * W + 9], 5);
            Assert.Equal(DatasetFixtures.Depth(i, 20, 3), depth[20 * W + 3], 5);
            Assert.Equal(0f, depth[W]);
        }
    }

    [Fact]
    public void Uses_the_official_train1_train2_and_test_with_a_seeded_validation_hold_out_of_train()
    {
        DatasetFixtures.NyuV2(_dir);
        var splits = DatasetFactory.OpenSplits(Config());
        Assert.Equal(6, splits.Train.Count);
        Assert.Equal(2, splits.Val.Count);
        Assert.Equal(3, splits.Test.Count);
        Assert.Equal(6, splits.Train1.Count + splits.Train2.Count);
        // train1 is the official first half (samples 0..3) less the held-out ones: its images carry sample ids 0..3
        var train1Ids = Enumerable.Range(0, splits.Train1.Count).Select(k => SampleId(splits.Train1.Get(k))).ToArray();
        var train2Ids = Enumerable.Range(0, splits.Train2.Count).Select(k => SampleId(splits.Train2.Get(k))).ToArray();
        var valIds = Enumerable.Range(0, splits.Val.Count).Select(k => SampleId(splits.Val.Get(k))).ToArray();
        Assert.All(train1Ids, id => Assert.InRange(id, 0, 3));
        Assert.All(train2Ids, id => Assert.InRange(id, 4, 7));
        Assert.Empty(valIds.Intersect(train1Ids.Concat(train2Ids)));
        Assert.All(Enumerable.Range(0, 3).Select(k => SampleId(splits.Test.Get(k))), id => Assert.InRange(id, 8, 10));
        // the same seed holds out the same samples
        var again = DatasetFactory.OpenSplits(Config());
        Assert.Equal(valIds, Enumerable.Range(0, again.Val.Count).Select(k => SampleId(again.Val.Get(k))).ToArray());
    }

    /// <summary>The fixture's depth at (1, 1) is 1.11 + i.</summary>
    private static int SampleId(MultiTaskSample s) => (int)MathF.Round(s.Targets[TargetNames.Depth][W + 1] - 1.11f);

    [Fact]
    public void Bad_files_give_one_line_errors_that_name_the_file()
    {
        DatasetFixtures.NyuV2(_dir);
        string Error(Action a) => Assert.ThrowsAny<InvalidDataException>(a).Message;

        Assert.Contains("not found", Error(() => DatasetFactory.OpenSplits(Config().WithRoot(Path.Combine(_dir, "nope")))));

        File.Delete(Path.Combine(_dir, "seg", "0002.png"));
        File.Delete(Path.Combine(_dir, "depth", "0005.npy"));
        var missing = Error(() => DatasetFactory.OpenSplits(Config()));
        Assert.Contains("2 listed file(s) not found", missing);
        Assert.True(missing.IndexOf("0002.png", StringComparison.Ordinal) < missing.IndexOf("0005.npy", StringComparison.Ordinal), missing);
        DatasetFixtures.NyuV2(_dir);

        var list = SplitList.Read(_dir, NyuV2OfficialDataset.ListFile, NyuV2OfficialDataset.Columns);
        var ds = new NyuV2OfficialDataset(list, "train", list.Get("train"));
        var png = File.ReadAllBytes(Path.Combine(_dir, "img", "0000.png"));
        File.WriteAllBytes(Path.Combine(_dir, "img", "0000.png"), png[..(png.Length - 20)]);
        Assert.Matches("img/0000.png: truncated image", Error(() => ds.Get(0)));

        ImageFiles.Png(Path.Combine(_dir, "seg", "0001.png"), H / 2, W, 1, new byte[H / 2 * W]);
        Assert.Matches($"seg/0001.png: {H / 2}x{W} map, expected {H}x{W}", Error(() => ds.Get(1)));

        ImageFiles.Png(Path.Combine(_dir, "seg", "0002.png"), H, W, 1, Enumerable.Repeat((byte)41, H * W).ToArray());
        Assert.Matches("seg/0002.png: label 41 out of range at pixel \\(0, 0\\) \\(expected 0..39 or 255 = ignore\\)", Error(() => ds.Get(2)));

        NpyWriter.Write(Path.Combine(_dir, "depth", "0003.npy"), new float[H * W * 3], H, W, 3);
        Assert.Matches("depth/0003.npy: shape \\(24, 32, 3\\), expected \\(H, W\\) or \\(H, W, 1\\)", Error(() => ds.Get(3)));

        File.WriteAllBytes(Path.Combine(_dir, "depth", "0004.npy"), NpyWriter.Encode("<i2", [H, W], new byte[H * W * 2]));
        Assert.Matches("depth/0004.npy: unsupported dtype '<i2'", Error(() => ds.Get(4)));

        ImageFiles.Png(Path.Combine(_dir, "seg", "0005.png"), H, W, 1, new byte[H * W * 2], bitDepth: 16);
        Assert.Matches("seg/0005.png: 16-bit PNG, expected 8-bit", Error(() => ds.Get(5)));

        File.WriteAllText(Path.Combine(_dir, NyuV2OfficialDataset.ListFile), """{"train": [["a.png", "b.png"]]}""");
        Assert.Contains("entry 0 is [\"a.png\", \"b.png\"], expected 4 paths [img, seg, normal, depth]", Error(() => DatasetFactory.OpenSplits(Config())).Replace("\",\"", "\", \""));
        File.WriteAllText(Path.Combine(_dir, NyuV2OfficialDataset.ListFile), """{"train1": []}""");
        Assert.Contains("no split 'train'", Error(() => DatasetFactory.OpenSplits(Config())));
    }
}

internal static class ConfigTestExtensions
{
    public static ExperimentConfig WithRoot(this ExperimentConfig c, string root)
    {
        c.Data.Root = root;
        return c;
    }
}
