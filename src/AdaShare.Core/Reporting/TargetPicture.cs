using AdaShare.Data;

namespace AdaShare.Reporting;

/// <summary>Renders a target map (ground truth or prediction) as an RGB tile, by the target's value convention.</summary>
public static class TargetPicture
{
    /// <param name="range">Colour range for scalar maps (e.g. the ground truth's, so truth and prediction share one scale).</param>
    public static byte[] Render(TargetInfo target, float[] map, int h, int w, (float Min, float Max)? range = null) => target.MapKind switch
    {
        TargetNames.Segmentation => ColorMaps.Labels(map, h, w, target.ClassNames?.Count ?? 256),
        TargetNames.Depth => ColorMaps.Scalar(map, h, w, range?.Min, range?.Max, v => v <= 0),
        TargetNames.Normal => ColorMaps.Normals(map, h, w),
        _ when target.Channels == 1 => ColorMaps.Scalar(map, h, w, 0f, 1f, v => v == TargetNames.IgnoreLabel, ScalarPalette.Gray),
        _ => ColorMaps.Scalar(map.AsSpan(0, h * w).ToArray(), h, w),
    };

    /// <summary>Min and max of the valid (positive, finite) values of a depth-like map.</summary>
    public static (float Min, float Max)? ValidRange(float[] map)
    {
        var valid = map.Where(v => v > 0 && float.IsFinite(v) && v != TargetNames.IgnoreLabel).ToArray();
        return valid.Length == 0 ? null : (valid.Min(), valid.Max());
    }
}
