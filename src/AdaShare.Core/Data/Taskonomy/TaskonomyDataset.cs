using System.Text.Json;
using AdaShare.Data.Images;

namespace AdaShare.Data.Taskonomy;

/// <summary>
/// Tiny-Taskonomy as the official AdaShare code reads it: <c>root/taskonomy.json</c> = {split: [[rgb, segment_semantic,
/// normal, depth_zbuffer, keypoints2d, edge_texture], …]} with paths relative to root (splits train, train1, train2,
/// test_small, test), and <c>root/semseg_prior_factor.npy</c> (17 class weights for the segmentation loss).
/// Every map is resized to the dataset size (256×256 in the paper) with nearest neighbour, as the official code, and
/// converted as it does:
/// <list type="bullet">
/// <item>rgb: 8-bit RGB PNG → RGB in [0, 1] (the official BGR mean subtraction is input normalisation, not data).</item>
/// <item>segment_semantic: grey PNG, labels 0..17; 0 = unlabelled → ignore (the official loader builds this mask but
/// never uses it), l ≥ 1 → class l − 1 (17 classes).</item>
/// <item>normal: 8-bit RGB PNG, n = v/255·2 − 1; zero vector where the depth is invalid or |n| &lt; 0.5.</item>
/// <item>depth_zbuffer: 16-bit grey PNG, log(1 + d)/log(2^16) where d &lt; 64500, else 0 (invalid).</item>
/// <item>keypoints2d: 16-bit grey PNG, clip(v/2^16, 0, 0.005)/0.005·2 − 1 ∈ [−1, 1].</item>
/// <item>edge_texture: 16-bit grey PNG, clip(v/2^16, 0, 0.08)/0.08·2 − 1 ∈ [−1, 1].</item>
/// </list>
/// Opening checks the list and that every listed file exists (all missing files are named in one error); reading a
/// sample checks bit depths, that every map has its image's size, and the label range.
/// </summary>
public sealed class TaskonomyDataset : IMultiTaskDataset
{
    public const string ListFile = "taskonomy.json";
    public const string PriorFile = "semseg_prior_factor.npy";
    public const int ClassCount = 17;

    /// <summary>Depth values from here up mark pixels without depth (the official mask is d &lt; 64500).</summary>
    public const int InvalidDepthFrom = 64500;

    public static IReadOnlyList<string> SplitNames { get; } = ["train", "train1", "train2", "test_small", "test"];

    /// <summary>The columns of a list entry, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["rgb", "segment_semantic", "normal", "depth_zbuffer", "keypoints2d", "edge_texture"];

    /// <summary>Class k is stored as label k + 1 (label 0 = unlabelled).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(1, ClassCount).Select(l => $"label{l}").ToArray();

    private readonly string[][] _entries;

    public TaskonomyDataset(string root, string split, int height = 256, int width = 256)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), "size must be positive");
        Root = root;
        Split = split;
        Height = height;
        Width = width;
        if (!Directory.Exists(root)) throw new InvalidDataException($"{root}: dataset root folder not found (expected {ListFile} and {PriorFile} in it)");
        _entries = ReadList(root, split);
        ClassWeights = ReadPrior(Path.Combine(root, PriorFile));
        var missing = _entries.SelectMany(e => e).Select(p => Path.Combine(root, p)).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{Path.Combine(root, ListFile)}: split '{split}' lists {missing.Count} missing file(s): {string.Join("; ", missing)}");
        Targets =
        [
            new TargetInfo(TargetNames.Segmentation, 1, ClassNames, ClassWeights),
            new TargetInfo(TargetNames.Normal, 3),
            new TargetInfo(TargetNames.Depth, 1),
            new TargetInfo(TargetNames.Keypoint, 1),
            new TargetInfo(TargetNames.Edge, 1),
        ];
    }

    public string Root { get; }
    public string Split { get; }
    public string Name => "taskonomy";
    public int Count => _entries.Length;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>semseg_prior_factor.npy: the segmentation loss weight of each class.</summary>
    public IReadOnlyList<float> ClassWeights { get; }

    /// <summary>The rgb path of each entry (relative to root): identifies a sample across splits.</summary>
    public IReadOnlyList<string> EntryKeys => _entries.Select(e => e[0]).ToArray();

    public MultiTaskSample Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        var files = _entries[index].Select(p => Path.Combine(Root, p)).ToArray();
        var rgb = ImageFile.Read(files[0], 3, "RGB image");
        var seg = ImageFile.Read(files[1], 1, "grey segment_semantic PNG");
        var normal = ImageFile.Read(files[2], 3, "RGB normal PNG");
        var depth = Read16(files[3], "depth_zbuffer");
        var keypoint = Read16(files[4], "keypoints2d");
        var edge = Read16(files[5], "edge_texture");
        foreach (var map in new[] { seg, normal, depth, keypoint, edge })
            if (map.Height != rgb.Height || map.Width != rgb.Width)
                throw new InvalidDataException($"{map.Path}: size {map.Height}x{map.Width} differs from its image {files[0]} ({rgb.Height}x{rgb.Width})");

        int h = Height, w = Width, hw = h * w;
        var image = NearestResize.ToChannelsFirst(rgb, h, w, (v, _) => rgb.BitDepth == 16 ? v / 65535f : v / 255f);
        var labels = NearestResize.ToChannelsFirst(seg, h, w, (v, _) => v);
        for (int i = 0; i < hw; i++)
        {
            float l = labels[i];
            if (l > ClassCount)
                throw new InvalidDataException($"{files[1]}: label {l} out of range (expected 0 = unlabelled or 1..{ClassCount})");
            labels[i] = l == 0 ? TargetNames.IgnoreLabel : l - 1;
        }
        var depthMap = NearestResize.ToChannelsFirst(depth, h, w, (v, _) => v < InvalidDepthFrom ? MathF.Log(1f + v) / MathF.Log(65536f) : 0f);
        var normals = NearestResize.ToChannelsFirst(normal, h, w, (v, _) => v / 255f * 2f - 1f);
        var depthValid = NearestResize.ToChannelsFirst(depth, h, w, (v, _) => v < InvalidDepthFrom ? 1f : 0f);
        for (int i = 0; i < hw; i++)
        {
            float x = normals[i], y = normals[hw + i], z = normals[2 * hw + i];
            if (depthValid[i] == 0 || x * x + y * y + z * z < 0.25f)
                normals[i] = normals[hw + i] = normals[2 * hw + i] = 0f;
        }
        return new MultiTaskSample
        {
            Image = image,
            Targets = new Dictionary<string, float[]>
            {
                [TargetNames.Segmentation] = labels,
                [TargetNames.Normal] = normals,
                [TargetNames.Depth] = depthMap,
                [TargetNames.Keypoint] = NearestResize.ToChannelsFirst(keypoint, h, w, (v, _) => Rescale(v, 0.005f)),
                [TargetNames.Edge] = NearestResize.ToChannelsFirst(edge, h, w, (v, _) => Rescale(v, 0.08f)),
            },
        };
    }

    /// <summary>v/2^16 clipped to [0, max], then mapped linearly to [−1, 1] (the official rescale_image).</summary>
    public static float Rescale(ushort value, float max) => Math.Clamp(value / 65536f, 0f, max) / max * 2f - 1f;

    private static DecodedImage Read16(string path, string what)
    {
        var image = ImageFile.Read(path, 1, $"16-bit grey {what} PNG");
        if (image.BitDepth != 16)
            throw new InvalidDataException($"{path}: {image.BitDepth}-bit image, expected a 16-bit grey {what} PNG");
        return image;
    }

    private static string[][] ReadList(string root, string split)
    {
        string path = Path.Combine(root, ListFile);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: split list not found (expected {{split: [[{string.Join(", ", Columns)}], ...]}})");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(split, out var list))
                throw new InvalidDataException($"{path}: no split '{split}' (expected an object with keys {string.Join(", ", SplitNames)})");
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw new InvalidDataException($"{path}: split '{split}' must be a non-empty list of [{string.Join(", ", Columns)}] entries");
            var entries = new List<string[]>();
            foreach (var e in list.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != Columns.Count || e.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                    throw new InvalidDataException($"{path}: split '{split}' entry {entries.Count} is not a list of {Columns.Count} paths [{string.Join(", ", Columns)}]");
                entries.Add(e.EnumerateArray().Select(p => p.GetString()!).ToArray());
            }
            return entries.ToArray();
        }
    }

    private static float[] ReadPrior(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: class weights not found (expected {ClassCount} float weights, one per segmentation class)");
        var a = NpyReader.Read(path);
        if (a.Data.Length != ClassCount || a.Shape.Count(d => d != 1) > 1)
            throw new InvalidDataException($"{path}: shape {a.ShapeText}, expected ({ClassCount},) class weights");
        foreach (float v in a.Data)
            if (!float.IsFinite(v) || v < 0) throw new InvalidDataException($"{path}: class weight {v}, expected finite values >= 0");
        return a.Data;
    }
}
