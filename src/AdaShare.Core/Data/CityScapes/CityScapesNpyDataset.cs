namespace AdaShare.Data.CityScapes;

/// <summary>
/// CityScapes in the MTAN .npy layout: <c>root/{train,val}/{image,label_2,label_7,label_19,depth}/{i}.npy</c>
/// (2975 train / 500 val at 128×256 in the real data). image H×W×3 RGB in [0, 1]; <c>label_{classes}</c> H×W (or H×W×1)
/// class index, −1 = invalid (→ <see cref="TargetNames.IgnoreLabel"/>); depth H×W×1 (or H×W), 0 = invalid.
/// <para>
/// <b>Depth is not metric z-depth here:</b> the MTAN files hold inverse depth (a disparity-like value, larger = nearer),
/// and the loader passes it through as stored. Errors and metrics on the <c>depth</c> target are therefore in those units.
/// </para>
/// Only the label folder that <c>classes</c> picks is required. Every file is validated when read (shape against
/// <c>image/0.npy</c>, NaN/Inf, negative depth, label range); folders must hold one file per image. Errors name the file.
/// </summary>
public sealed class CityScapesNpyDataset : IMultiTaskDataset
{
    /// <summary>The label granularities of the layout: <c>label_2</c>, <c>label_7</c>, <c>label_19</c>.</summary>
    public static IReadOnlyList<int> ClassCounts { get; } = [2, 7, 19];

    /// <summary>The 7 CityScapes categories (void dropped), indices 0..6 of <c>label_7</c>.</summary>
    public static IReadOnlyList<string> CategoryNames { get; } = ["flat", "construction", "object", "nature", "sky", "human", "vehicle"];

    /// <summary>The 19 CityScapes train-id classes, indices 0..18 of <c>label_19</c>.</summary>
    public static IReadOnlyList<string> TrainIdNames { get; } =
    [
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign", "vegetation", "terrain",
        "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle",
    ];

    /// <summary>Class names for <c>label_{classes}</c>; the 2-class split is named generically.</summary>
    public static IReadOnlyList<string> NamesFor(int classes) => classes switch
    {
        2 => ["class0", "class1"],
        7 => CategoryNames,
        19 => TrainIdNames,
        _ => throw new ArgumentException($"classes {classes} must be one of {string.Join(", ", ClassCounts)} (the label_2 / label_7 / label_19 folders)", nameof(classes)),
    };

    private readonly NpySplitFolder _folder;
    private readonly string _labelFolder;

    public CityScapesNpyDataset(string root, string split, int classes = 7)
    {
        ClassNames = NamesFor(classes);
        _labelFolder = $"label_{classes}";
        _folder = new NpySplitFolder(root, split, ["image", _labelFolder, "depth"]);
        Targets =
        [
            new TargetInfo(TargetNames.Segmentation, 1, ClassNames),
            new TargetInfo(TargetNames.Depth, 1),
        ];
    }

    public string Root => _folder.Root;
    public string Split => _folder.Split;
    public string Name => "cityscapes-npy";
    public int Count => _folder.Count;
    public int Height => _folder.Height;
    public int Width => _folder.Width;
    public IReadOnlyList<string> ClassNames { get; }
    public IReadOnlyList<TargetInfo> Targets { get; }

    public string FilePath(string folder, int index) => _folder.FilePath(folder, index);

    public MultiTaskSample Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        var targets = new Dictionary<string, float[]>
        {
            [TargetNames.Segmentation] = _folder.ReadLabel(_labelFolder, index, ClassNames.Count),
            [TargetNames.Depth] = _folder.ReadMap("depth", index, 1, nonNegative: true),
        };
        return new MultiTaskSample { Image = _folder.ReadMap("image", index, 3), Targets = targets };
    }
}
