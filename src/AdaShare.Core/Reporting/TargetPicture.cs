using AdaShare.Data;

namespace AdaShare.Reporting;

/// <summary>Renders a target map (ground truth or prediction) as an RGB tile, by the target's value convention.</summary>
public static class TargetPicture
{
    public static byte[] Render(TargetInfo target, float[] map, int h, int w) => target.Name switch
    {
        TargetNames.Segmentation => ColorMaps.Labels(map, h, w, target.ClassNames?.Count ?? 256),
        TargetNames.Depth => ColorMaps.Scalar(map, h, w, invalid: v => v <= 0),
        TargetNames.Normal => ColorMaps.Normals(map, h, w),
        _ when target.Channels == 1 => ColorMaps.Scalar(map, h, w, 0f, 1f, v => v == TargetNames.IgnoreLabel, ScalarPalette.Gray),
        _ => ColorMaps.Scalar(map.AsSpan(0, h * w).ToArray(), h, w),
    };
}
