namespace AdaShare.Data.CityScapes;

/// <summary>
/// CityScapes in the official AdaShare layout: <c>root/cityscape.json</c> lists per split (train, train1, train2, test)
/// entries [img, depth, label2, label7, label19] of .npy paths relative to root. image H×W×3 RGB in [0, 1]; depth H×W×1
/// (or H×W), 0 = invalid (the preprocessed files hold inverse depth, passed through as stored, as
/// <see cref="CityScapesNpyDataset"/>); labels H×W (or H×W×1), −1 = ignore. <c>classes</c> (2, 7 or 19; the paper uses 19)
/// picks the label column. Every file is validated when read; errors name the file.
/// </summary>
public sealed class CityScapesOfficialDataset : IMultiTaskDataset, ISampleFiles
{
    public const string ListFile = "cityscape.json";
    public static IReadOnlyList<string> Columns { get; } = ["img", "depth", "label2", "label7", "label19"];

    private readonly SplitList _list;
    private readonly IReadOnlyList<string[]> _entries;
    private readonly int _labelColumn;

    public CityScapesOfficialDataset(SplitList list, string split, IReadOnlyList<string[]> entries, int classes = 19)
    {
        ClassNames = CityScapesNpyDataset.NamesFor(classes);
        _labelColumn = classes switch { 2 => 2, 7 => 3, _ => 4 };
        _list = list;
        _entries = entries;
        Split = split;
        if (entries.Count == 0) throw new InvalidDataException($"{list.File}: split '{split}' has no entries");
        list.CheckFilesExist(split, entries, [0, 1, _labelColumn]);
        var first = NpyReader.Read(list.Resolve(entries[0][0]));
        if (first.Shape.Length != 3 || first.Shape[2] != 3)
            throw new InvalidDataException($"{list.Resolve(entries[0][0])}: shape {first.ShapeText}, expected (H, W, 3) RGB in [0, 1]");
        Height = first.Shape[0];
        Width = first.Shape[1];
        Targets =
        [
            new TargetInfo(TargetNames.Segmentation, 1, ClassNames),
            new TargetInfo(TargetNames.Depth, 1),
        ];
    }

    public string Name => "cityscapes";
    public string Split { get; }
    public int Count => _entries.Count;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public IReadOnlyList<TargetInfo> Targets { get; }

    public string Key(int index) => _entries[index][0];

    public IReadOnlyList<(string What, string Path)> Files(int index) =>
        [(Columns[0], _list.Resolve(_entries[index][0])), (Columns[1], _list.Resolve(_entries[index][1])), (Columns[_labelColumn], _list.Resolve(_entries[index][_labelColumn]))];

    public MultiTaskSample Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        var e = _entries[index];
        string imgPath = _list.Resolve(e[0]);
        var image = MapFiles.ReadNpyMap(imgPath, 3, Height, Width, _list.Resolve(_entries[0][0]));
        foreach (float v in image)
            if (v is < 0f or > 1f) throw new InvalidDataException($"{imgPath}: value {v} outside [0, 1] (expected RGB in [0, 1])");
        string depthPath = _list.Resolve(e[1]);
        var depth = MapFiles.ReadNpyMap(depthPath, 1, Height, Width, imgPath);
        MapFiles.RequireNonNegative(depthPath, depth);
        string labelPath = _list.Resolve(e[_labelColumn]);
        var stored = MapFiles.ReadNpyMap(labelPath, 1, Height, Width, imgPath);
        return new MultiTaskSample
        {
            Image = image,
            Targets = new Dictionary<string, float[]>
            {
                [TargetNames.Segmentation] = MapFiles.Labels(labelPath, stored, Width, ClassNames.Count, ignore: null),
                [TargetNames.Depth] = depth,
            },
        };
    }
}
