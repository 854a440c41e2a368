using System.Text.Json;

namespace AdaShare.Data.NyuV2;

/// <summary>
/// NYUv2 in the MTAN .npy layout (also written by <see cref="NyuV2NpyExporter"/>):
/// <c>root/{split}/{image,label,depth,normal}/{i}.npy</c> with image H×W×3 RGB in [0, 1], label H×W (−1 = invalid),
/// depth H×W×1 (metres, 0 = invalid), normal H×W×3; optional <c>edge/</c> and <c>keypoint/</c> (H×W×1) folders and a
/// <c>classes.json</c> (a JSON array of class names, in <c>root</c> or <c>root/{split}</c>) are used when present.
/// Maps are converted to channels-first and label −1 to <see cref="TargetNames.IgnoreLabel"/>. Every file is
/// validated when read (shape, NaN/Inf, label range); errors name the file.
/// </summary>
public sealed class NyuV2NpyDataset : IMultiTaskDataset
{
    public static IReadOnlyList<string> RequiredFolders { get; } = ["image", "label", "depth", "normal"];

    private readonly NpySplitFolder _folder;
    private readonly bool _hasEdge, _hasKeypoint;

    public NyuV2NpyDataset(string root, string split, int numClasses = 13)
    {
        _folder = new NpySplitFolder(root, split, RequiredFolders);
        _hasEdge = _folder.HasFolder("edge");
        _hasKeypoint = _folder.HasFolder("keypoint");

        string? classesPath = new[] { Path.Combine(_folder.Dir, "classes.json"), Path.Combine(root, "classes.json") }.FirstOrDefault(File.Exists);
        if (classesPath != null)
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(classesPath));
                var arr = doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.GetProperty("classes") : doc.RootElement;
                ClassNames = arr.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{classesPath}: expected a JSON array of class names ({e.Message})");
            }
            if (ClassNames.Count == 0) throw new InvalidDataException($"{classesPath}: no class names");
        }
        else
        {
            if (numClasses <= 0 || numClasses > 255) throw new ArgumentException($"numClasses {numClasses} must be in [1, 255]", nameof(numClasses));
            ClassNames = Enumerable.Range(0, numClasses).Select(i => $"class{i}").ToArray();
        }

        var targets = new List<TargetInfo>
        {
            new(TargetNames.Segmentation, 1, ClassNames),
            new(TargetNames.Depth, 1),
            new(TargetNames.Normal, 3),
        };
        if (_hasEdge) targets.Add(new TargetInfo(TargetNames.Edge, 1));
        if (_hasKeypoint) targets.Add(new TargetInfo(TargetNames.Keypoint, 1));
        Targets = targets;
    }

    public string Root => _folder.Root;
    public string Split => _folder.Split;
    public string Name => "nyuv2-npy";
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
            [TargetNames.Segmentation] = _folder.ReadLabel("label", index, ClassNames.Count),
            [TargetNames.Depth] = _folder.ReadMap("depth", index, 1, nonNegative: true),
            [TargetNames.Normal] = _folder.ReadMap("normal", index, 3),
        };
        if (_hasEdge) targets[TargetNames.Edge] = _folder.ReadMap("edge", index, 1);
        if (_hasKeypoint) targets[TargetNames.Keypoint] = _folder.ReadMap("keypoint", index, 1);
        return new MultiTaskSample { Image = _folder.ReadMap("image", index, 3), Targets = targets };
    }
}
