using AdaShare.Config;

namespace AdaShare.Data.Folder;

/// <summary>A target of a <see cref="FolderDataset"/>, typed from its config entry.</summary>
public sealed record FolderTarget(string Name, string Kind, string Folder, double? Ignore, IReadOnlyList<string>? ClassNames, double Scale, string? Encoding)
{
    /// <summary>The target kinds a folder dataset can hold.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["segmentation", "depth", "normal", "edge", "keypoint", "classification"];

    public bool IsClassification => Kind == "classification";
    public int Channels => Kind == "normal" ? 3 : 1;

    /// <summary>The value convention of the loaded map (<see cref="TargetNames"/>).</summary>
    public string MapKind => Kind switch
    {
        "segmentation" => TargetNames.Segmentation,
        "depth" => TargetNames.Depth,
        "normal" => TargetNames.Normal,
        "edge" => TargetNames.Edge,
        "keypoint" => TargetNames.Keypoint,
        _ => TargetNames.Label,
    };

    public TargetInfo Info => new(Name, Channels, ClassNames, Kind: MapKind);

    public static FolderTarget From(FolderTargetConfig c)
    {
        IReadOnlyList<string>? classes = c.Classes is { Count: > 0 } ? c.Classes
            : c.NumClasses is int n ? Enumerable.Range(0, n).Select(i => $"class{i}").ToArray() : null;
        return new FolderTarget(c.Name, c.Kind, c.Folder ?? c.Name, c.Ignore, classes, c.Scale, c.Encoding);
    }

    /// <summary>Config checks for one entry of <c>data.targets</c>; adds "key: problem" lines.</summary>
    public static void Validate(FolderTargetConfig c, string key, IList<string> errors)
    {
        if (string.IsNullOrWhiteSpace(c.Name)) errors.Add($"{key}.name: is missing");
        if (!Kinds.Contains(c.Kind)) errors.Add($"{key}.kind: '{c.Kind}' is not one of {string.Join(", ", Kinds)}");
        if (c.Kind is "segmentation" or "classification" && c.NumClasses is null && c.Classes is not { Count: > 0 })
            errors.Add($"{key}.num_classes: a {c.Kind} target needs num_classes or classes");
        if (c.NumClasses is int k && (k < 1 || (c.Kind == "segmentation" && k > 255)))
            errors.Add($"{key}.num_classes: {k} must be in 1..255 (255 is the internal ignore label)");
        if (c.Classes is { Count: > 0 } && c.NumClasses is int m && m != c.Classes.Count)
            errors.Add($"{key}.classes: {c.Classes.Count} names but num_classes is {m}");
        if (!(c.Scale > 0 && double.IsFinite(c.Scale))) errors.Add($"{key}.scale: must be a finite number > 0");
        if (c.Encoding is not (null or "unit" or "rgb")) errors.Add($"{key}.encoding: '{c.Encoding}' is not unit or rgb");
        if (c.Encoding != null && c.Kind != "normal") errors.Add($"{key}.encoding: only normal targets have an encoding");
        if (c.Folder is { } f && (f.Contains('/') || f.Contains('\\') || f is "." or ".." or "image")) errors.Add($"{key}.folder: '{f}' must be a plain sub-folder name other than image");
    }
}
