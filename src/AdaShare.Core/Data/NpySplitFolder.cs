namespace AdaShare.Data;

/// <summary>
/// One split folder of an MTAN-style .npy layout, <c>root/{split}/{folder}/{i}.npy</c>, shared by the on-disk loaders
/// (<see cref="NyuV2.NyuV2NpyDataset"/>, <see cref="CityScapes.CityScapesNpyDataset"/>). Checks the folders and the file
/// numbering when opened, takes the size from <c>image/0.npy</c> (H×W×3), and reads maps channels-last → channels-first
/// with per-file validation (shape, NaN/Inf, label range). Every error is an <see cref="InvalidDataException"/> naming
/// the file or folder.
/// </summary>
public sealed class NpySplitFolder
{
    /// <param name="requiredFolders">Folders that must exist; the first must be <c>image</c> and gives the sample count.</param>
    /// <param name="countedFolders">Folders that must hold exactly as many numbered files as <c>image/</c> (null: all required ones).</param>
    public NpySplitFolder(string root, string split, IReadOnlyList<string> requiredFolders, IEnumerable<string>? countedFolders = null)
    {
        Root = root;
        Split = split;
        Dir = Path.Combine(root, split);
        if (!Directory.Exists(root)) throw new InvalidDataException($"{root}: dataset root folder not found");
        if (!Directory.Exists(Dir)) throw new InvalidDataException($"{Dir}: split folder not found (expected {root}/{{train,val}}/...)");
        foreach (var f in requiredFolders)
            if (!Directory.Exists(Path.Combine(Dir, f))) throw new InvalidDataException($"{Path.Combine(Dir, f)}: missing folder (needed: {string.Join(", ", requiredFolders)})");

        var indices = Indices("image");
        if (indices.Length == 0) throw new InvalidDataException($"{Path.Combine(Dir, "image")}: no .npy files");
        for (int i = 0; i < indices.Length; i++)
            if (indices[i] != i) throw new InvalidDataException($"{FilePath("image", i)}: missing file (image files must be numbered 0..{indices.Length - 1})");
        Count = indices.Length;

        foreach (var f in countedFolders ?? requiredFolders)
        {
            if (f == "image") continue;
            int n = Indices(f).Length;
            if (n != Count) throw new InvalidDataException($"{Path.Combine(Dir, f)}: {n} .npy files, but image/ has {Count} (every folder needs one file per image)");
        }

        var first = Load("image", 0);
        if (first.Shape.Length != 3 || first.Shape[2] != 3)
            throw new InvalidDataException($"{FilePath("image", 0)}: wrong shape {first.ShapeText}, expected (H, W, 3)");
        Height = first.Shape[0];
        Width = first.Shape[1];
    }

    public string Root { get; }
    public string Split { get; }
    /// <summary><c>root/split</c>.</summary>
    public string Dir { get; }
    public int Count { get; }
    public int Height { get; }
    public int Width { get; }

    public bool HasFolder(string folder) => Directory.Exists(Path.Combine(Dir, folder));

    public string FilePath(string folder, int index) => Path.Combine(Dir, folder, $"{index}.npy");

    private int[] Indices(string folder) => Directory.EnumerateFiles(Path.Combine(Dir, folder), "*.npy")
        .Select(p => int.TryParse(Path.GetFileNameWithoutExtension(p), out int i) ? i : -1).Where(i => i >= 0).Order().ToArray();

    /// <summary>Reads one file, rejecting a missing file and NaN/Inf.</summary>
    public NpyArray Load(string folder, int index)
    {
        string path = FilePath(folder, index);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: missing file");
        var a = NpyReader.Read(path);
        foreach (float v in a.Data)
            if (!float.IsFinite(v)) throw new InvalidDataException($"{path}: contains NaN or Inf");
        return a;
    }

    /// <summary>H×W×C (or H×W when C = 1) → C×H×W; <paramref name="nonNegative"/> rejects negative values (depth).</summary>
    public float[] ReadMap(string folder, int index, int channels, bool nonNegative = false)
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

    /// <summary>H×W (or H×W×1) class indices → 1×H×W; −1 (and 255) → <see cref="TargetNames.IgnoreLabel"/>, others must be integers in [0, numClasses).</summary>
    public float[] ReadLabel(string folder, int index, int numClasses)
    {
        var a = Load(folder, index);
        CheckShape(a, folder, index, 1);
        var data = a.Data;
        for (int i = 0; i < data.Length; i++)
        {
            float v = data[i];
            if (v == -1f || v == TargetNames.IgnoreLabel) { data[i] = TargetNames.IgnoreLabel; continue; }
            if (v < 0 || v >= numClasses || v != MathF.Floor(v))
                throw new InvalidDataException($"{FilePath(folder, index)}: label {v} out of range at pixel ({i / Width}, {i % Width}) (expected integers 0..{numClasses - 1}, or -1 = invalid)");
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
