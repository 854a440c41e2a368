using AdaShare.Data.Images;

namespace AdaShare.Data.NyuV2;

/// <summary>
/// NYUv2 in the official AdaShare layout: <c>root/nyu_v2_3task.json</c> lists per split (train, train1, train2, test)
/// entries [img, seg, normal, depth] of paths relative to root: <c>img/*.png</c> RGB 480×640, <c>seg/*.png</c> 8-bit
/// labels 0..39 (255 = ignore), <c>normal_mask/*.png</c> RGB encoded (n + 1)·127.5 with (255, 255, 255) = invalid,
/// <c>depth/*.npy</c> float32 480×640 (or 480×640×1) metres, C or Fortran order, 0 = invalid.
/// Normals are decoded to vectors n = v / 127.5 − 1 (the official code leaves them encoded; see adashare-method §5).
/// Every file is validated when read (size against its image, label range, NaN/Inf, negative depth); errors name the file.
/// </summary>
public sealed class NyuV2OfficialDataset : IMultiTaskDataset, ISampleFiles
{
    public const string ListFile = "nyu_v2_3task.json";
    public static IReadOnlyList<string> Columns { get; } = ["img", "seg", "normal", "depth"];
    public const int ClassCount = 40;

    /// <summary>The 40 NYUv2 classes of Gupta et al. (the label set of the official seg PNGs).</summary>
    public static IReadOnlyList<string> ClassNames40 { get; } =
    [
        "wall", "floor", "cabinet", "bed", "chair", "sofa", "table", "door", "window", "bookshelf",
        "picture", "counter", "blinds", "desk", "shelves", "curtain", "dresser", "pillow", "mirror", "floor mat",
        "clothes", "ceiling", "books", "refrigerator", "television", "paper", "towel", "shower curtain", "box", "whiteboard",
        "person", "night stand", "toilet", "sink", "lamp", "bathtub", "bag", "otherstructure", "otherfurniture", "otherprop",
    ];

    private readonly SplitList _list;
    private readonly IReadOnlyList<string[]> _entries;

    public NyuV2OfficialDataset(SplitList list, string split, IReadOnlyList<string[]> entries)
    {
        _list = list;
        _entries = entries;
        Split = split;
        if (entries.Count == 0) throw new InvalidDataException($"{list.File}: split '{split}' has no entries");
        list.CheckFilesExist(split, entries, [0, 1, 2, 3]);
        (Height, Width) = ImageFile.ReadSize(list.Resolve(entries[0][0]));
        Targets =
        [
            new TargetInfo(TargetNames.Segmentation, 1, ClassNames40),
            new TargetInfo(TargetNames.Normal, 3),
            new TargetInfo(TargetNames.Depth, 1),
        ];
    }

    public string Name => "nyuv2";
    public string Split { get; }
    public int Count => _entries.Count;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>The image path of entry <paramref name="index"/> as listed (identifies the sample across splits).</summary>
    public string Key(int index) => _entries[index][0];

    public IReadOnlyList<(string What, string Path)> Files(int index) =>
        Columns.Select((c, i) => (c, _list.Resolve(_entries[index][i]))).ToArray();

    public MultiTaskSample Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        var e = _entries[index];
        string imgPath = _list.Resolve(e[0]);
        var (image, h, w) = ImageFile.ReadRgb(imgPath);
        if (h != Height || w != Width)
            throw new InvalidDataException($"{imgPath}: {h}x{w} image, expected {Height}x{Width} (every image of split '{Split}' must have the size of the first, {_list.Resolve(_entries[0][0])})");

        string segPath = _list.Resolve(e[1]);
        var seg = ImageFile.ReadGray(segPath);
        MapFiles.CheckSize(segPath, seg.Height, seg.Width, h, w, imgPath);
        var labels = MapFiles.Labels(segPath, seg.Pixels, w, ClassCount, ignore: 255);

        string normalPath = _list.Resolve(e[2]);
        var normal = ImageFile.ReadRgbBytes(normalPath);
        MapFiles.CheckSize(normalPath, normal.Height, normal.Width, h, w, imgPath);

        string depthPath = _list.Resolve(e[3]);
        var depth = MapFiles.ReadNpyMap(depthPath, 1, h, w, imgPath);
        MapFiles.RequireNonNegative(depthPath, depth);

        return new MultiTaskSample
        {
            Image = image,
            Targets = new Dictionary<string, float[]>
            {
                [TargetNames.Segmentation] = labels,
                [TargetNames.Normal] = MapFiles.DecodeNormalRgb(normal.Pixels, h * w, invalid: 255),
                [TargetNames.Depth] = depth,
            },
        };
    }
}
