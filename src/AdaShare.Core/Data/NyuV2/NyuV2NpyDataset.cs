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

    private readonly string _dir;
    private readonly bool _hasEdge, _hasKeypoint;

    public NyuV2NpyDataset(string root, string split, int numClasses = 13)
    {
        Root = root;
        Split = split;
        _dir = Path.Combine(root, split);
        if (!Directory.Exists(root)) throw new InvalidDataException($"{root}: dataset root folder not found");
        if (!Directory.Exists(_dir)) throw new InvalidDataException($"{_dir}: split folder not found (expected {root}/{{train,val}}/...)");
        foreach (var f in RequiredFolders)
            if (!Directory.Exists(Path.Combine(_dir, f))) throw new InvalidDataException($"{Path.Combine(_dir, f)}: missing folder (needed: {string.Join(", ", RequiredFolders)})");
        _hasEdge = Directory.Exists(Path.Combine(_dir, "edge"));
        _hasKeypoint = Directory.Exists(Path.Combine(_dir, "keypoint"));

        var indices = Directory.EnumerateFiles(Path.Combine(_dir, "image"), "*.npy")
            .Select(p => int.TryParse(Path.GetFileNameWithoutExtension(p), out int i) ? i : -1).Where(i => i >= 0).Order().ToArray();
        for (int i = 0; i < indices.Length; i++)
            if (indices[i] != i) throw new InvalidDataException($"{Path.Combine(_dir, "image", $"{i}.npy")}: missing file (image files must be numbered 0..{indices.Length - 1})");
        if (indices.Length == 0) throw new InvalidDataException($"{Path.Combine(_dir, "image")}: no .npy files");
        Count = indices.Length;

        string? classesPath = new[] { Path.Combine(_dir, "classes.json"), Path.Combine(root, "classes.json") }.FirstOrDefault(File.Exists);
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

        var first = Load("image", 0);
        if (first.Shape.Length != 3 || first.Shape[2] != 3)
            throw new InvalidDataException($"{FilePath("image", 0)}: wrong shape {first.ShapeText}, expected (H, W, 3)");
        Height = first.Shape[0];
        Width = first.Shape[1];

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

    public string Root { get; }
    public string Split { get; }
    public string Name => "nyuv2-npy";
    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public IReadOnlyList<TargetInfo> Targets { get; }

    public string FilePath(string folder, int index) => Path.Combine(_dir, folder, $"{index}.npy");

    public MultiTaskSample Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        var targets = new Dictionary<string, float[]>
        {
            [TargetNames.Segmentation] = ReadLabel(index),
            [TargetNames.Depth] = ReadMap("depth", index, 1, nonNegative: true),
            [TargetNames.Normal] = ReadMap("normal", index, 3),
        };
        if (_hasEdge) targets[TargetNames.Edge] = ReadMap("edge", index, 1);
        if (_hasKeypoint) targets[TargetNames.Keypoint] = ReadMap("keypoint", index, 1);
        return new MultiTaskSample { Image = ReadMap("image", index, 3), Targets = targets };
    }

    private NpyArray Load(string folder, int index)
    {
        string path = FilePath(folder, index);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: missing file");
        var a = NpyReader.Read(path);
        foreach (float v in a.Data)
            if (!float.IsFinite(v)) throw new InvalidDataException($"{path}: contains NaN or Inf");
        return a;
    }

    /// <summary>H×W×C (or H×W when C = 1) → C×H×W.</summary>
    private float[] ReadMap(string folder, int index, int channels, bool nonNegative = false)
    {
        var a = Load(folder, index);
        CheckShape(a, folder, index, channels);
        int hw = Height * Width;
        var chw = new float[channels * hw];
        for (int i = 0; i < hw; i++)
            for (int c = 0; c < channels; c++)
                chw[c * hw + i] = a.Data[i * channels + c];
        if (nonNegative)
            foreach (float v in chw)
                if (v < 0) throw new InvalidDataException($"{FilePath(folder, index)}: negative value {v} (depth must be >= 0, 0 = invalid)");
        return chw;
    }

    private float[] ReadLabel(int index)
    {
        var a = Load("label", index);
        CheckShape(a, "label", index, 1);
        var data = a.Data;
        int n = ClassNames.Count;
        for (int i = 0; i < data.Length; i++)
        {
            float v = data[i];
            if (v == -1f || v == TargetNames.IgnoreLabel) { data[i] = TargetNames.IgnoreLabel; continue; }
            if (v < 0 || v >= n || v != MathF.Floor(v))
                throw new InvalidDataException($"{FilePath("label", index)}: label {v} out of range at pixel ({i / Width}, {i % Width}) (expected integers 0..{n - 1}, or -1 = invalid)");
        }
        return data;
    }

    private void CheckShape(NpyArray a, string folder, int index, int channels)
    {
        var s = a.Shape;
        bool ok = s.Length == 3 ? s[0] == Height && s[1] == Width && s[2] == channels
                : s.Length == 2 && channels == 1 && s[0] == Height && s[1] == Width;
        if (!ok)
            throw new InvalidDataException($"{FilePath(folder, index)}: wrong shape {a.ShapeText}, expected ({Height}, {Width}, {channels})" + (channels == 1 ? $" or ({Height}, {Width})" : ""));
    }
}
