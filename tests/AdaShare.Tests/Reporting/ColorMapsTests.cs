using AdaShare.Reporting;

namespace AdaShare.Tests.Reporting;

public class ColorMapsTests
{
    [Fact]
    public void Labels_use_the_palette_and_grey_for_ignore()
    {
        var rgb = ColorMaps.Labels([0f, 1f, 255f, 3f], 2, 2, 3);
        Assert.Equal(12, rgb.Length);
        Assert.Equal(ColorMaps.LabelColor(0), (rgb[0], rgb[1], rgb[2]));
        Assert.Equal(ColorMaps.LabelColor(1), (rgb[3], rgb[4], rgb[5]));
        Assert.Equal(ColorMaps.Invalid, (rgb[6], rgb[7], rgb[8]));
        Assert.Equal(ColorMaps.Invalid, (rgb[9], rgb[10], rgb[11])); // 3 is outside [0, 3)
        Assert.NotEqual(ColorMaps.LabelColor(0), ColorMaps.LabelColor(1));
        Assert.NotEqual(ColorMaps.LabelColor(40), ColorMaps.LabelColor(41));
    }

    [Fact]
    public void Scalar_masks_invalid_pixels_and_spans_the_palette()
    {
        var rgb = ColorMaps.Scalar([0f, 1f, 2f, float.NaN], 2, 2, invalid: v => v == 0f, palette: ScalarPalette.Gray);
        Assert.Equal(ColorMaps.Invalid, (rgb[0], rgb[1], rgb[2]));
        Assert.Equal((byte)0, rgb[3]);     // min of the valid values (1) → black
        Assert.Equal((byte)255, rgb[6]);   // max → white
        Assert.Equal(ColorMaps.Invalid, (rgb[9], rgb[10], rgb[11]));
        var turbo = ColorMaps.Scalar([0f, 1f], 1, 2, 0f, 1f);
        Assert.NotEqual((turbo[0], turbo[1], turbo[2]), (turbo[3], turbo[4], turbo[5]));
    }

    [Fact]
    public void Normals_map_to_half_plus_half_and_zero_is_invalid()
    {
        // 1x2: (0, 0, -1) and (0, 0, 0)
        var rgb = ColorMaps.Normals([0f, 0f, 0f, 0f, -1f, 0f], 1, 2);
        Assert.Equal(((byte)128, (byte)128, (byte)0), (rgb[0], rgb[1], rgb[2]));
        Assert.Equal(ColorMaps.Invalid, (rgb[3], rgb[4], rgb[5]));
    }

    [Fact]
    public void Image_is_interleaved_and_clamped()
    {
        var rgb = ColorMaps.Image([1f, 2f, 0f, -1f, 0.5f, 0.5f], 1, 2);
        Assert.Equal(new byte[] { 255, 0, 128, 255, 0, 128 }, rgb);
        Assert.Throws<ArgumentException>(() => ColorMaps.Image(new float[5], 1, 2));
    }
}
