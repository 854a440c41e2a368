using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Tests.Fakes;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

public sealed class CityScapesOfficialTests : IDisposable
{
    private const int H = 16, W = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-cityscapes-official-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private ExperimentConfig Config(int? classes = null) => ConfigLoader.Parse($$"""
        data: { dataset: cityscapes, root: {{_dir}}, val_size: 2, cache: false{{(classes is int c ? $", num_classes: {c}" : "")}} }
        tasks: [{ name: segmentation }, { name: depth }]
        """);

    [Theory]
    [InlineData(null, 19)]
    [InlineData(7, 7)]
    [InlineData(2, 2)]
    public void Reads_the_label_column_of_the_class_count_with_minus_one_as_ignore(int? classes, int expected)
    {
        DatasetFixtures.CityScapes(_dir);
        var splits = DatasetFactory.OpenSplits(Config(classes));
        Assert.Equal((4, 2, 2), (splits.Train.Count, splits.Val.Count, splits.Test.Count));
        Assert.Equal(expected, splits.Train.Targets[0].ClassNames!.Count);
        Assert.Equal((H, W), (splits.Test.Height, splits.Test.Width));
        var s = splits.Test.Get(0); // sample 6
        var seg = s.Targets[TargetNames.Segmentation];
        Assert.Equal(TargetNames.IgnoreLabel, seg[0]);
        Assert.Equal(DatasetFixtures.Label(6, 9, 13, expected), seg[9 * W + 13]);
        Assert.Equal(DatasetFixtures.Depth(6, 9, 13), s.Targets[TargetNames.Depth][9 * W + 13], 5);
        Assert.Equal(13 * 4 / 255f, s.Image[H * W + 9 * W + 13], 5);
        // the official train1 (even samples) and train2 (odd samples), less the hold-out
        Assert.Equal(4, splits.Train1.Count + splits.Train2.Count);
    }

    [Fact]
    public void Labels_out_of_range_and_images_outside_0_1_are_named()
    {
        DatasetFixtures.CityScapes(_dir);
        var splits = DatasetFactory.OpenSplits(Config(7));
        ImageFiles.Npy(Path.Combine(_dir, "val", "label_7", "6.npy"), Enumerable.Repeat(7f, H * W).ToArray(), H, W);
        var e = Assert.Throws<InvalidDataException>(() => splits.Test.Get(0));
        Assert.Contains("val/label_7/6.npy: label 7 out of range at pixel (0, 0)", e.Message);
        ImageFiles.Npy(Path.Combine(_dir, "val", "image", "7.npy"), Enumerable.Repeat(200f, H * W * 3).ToArray(), H, W, 3);
        Assert.Contains("val/image/7.npy: value 200 outside [0, 1]", Assert.Throws<InvalidDataException>(() => splits.Test.Get(1)).Message);
        Assert.Throws<ConfigException>(() => Config(13));
    }
}
