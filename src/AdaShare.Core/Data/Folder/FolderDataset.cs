using System.Globalization;
using AdaShare.Data.Images;

namespace AdaShare.Data.Folder;

/// <summary>
/// Your own data: <c>root/{split}/image/NAME.{png,jpg,jpeg}</c> and, per dense target, <c>root/{split}/{folder}/NAME.{png,npy}</c>;
/// classification targets are columns of <c>root/{split}/labels.csv</c> (<c>name,target1,…</c>; a class index or a class
/// name). Each target declares its kind, its stored ignore value and a scale in the config (docs/datasets.md). Samples
/// are the images in ordinal name order. Opening checks that every target file and label exists and reports every one
/// that does not; every file is validated when read (decodable, size, value range) with errors that name the file.
/// </summary>
public sealed class FolderDataset : IMultiTaskDataset, ISampleFiles
{
    private readonly IReadOnlyList<FolderTarget> _targets;
    private readonly string[] _names;
    private readonly string[] _imageFiles;
    private readonly string?[][] _mapFiles;             // [target][sample]
    private readonly float[][] _classLabels;            // [target][sample] (classification targets only)
    private readonly (int Height, int Width)? _resize;

    public FolderDataset(string root, string split, IReadOnlyList<FolderTarget> targets, (int Height, int Width)? resize = null)
    {
        if (!Directory.Exists(root)) throw new InvalidDataException($"{root}: dataset root folder not found");
        Dir = Path.Combine(root, split);
        if (!Directory.Exists(Dir)) throw new InvalidDataException($"{Dir}: split folder not found (expected {root}/{{train,val,test}}/image/...)");
        string imageDir = Path.Combine(Dir, "image");
        if (!Directory.Exists(imageDir)) throw new InvalidDataException($"{imageDir}: missing folder (images go to {split}/image/NAME.png or .jpg)");
        Split = split;
        _targets = targets;
        _resize = resize;

        var images = Directory.EnumerateFiles(imageDir)
            .Where(p => Images.ImageFile.Extensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        if (images.Length == 0) throw new InvalidDataException($"{imageDir}: no .png/.jpg images");
        var twice = images.GroupBy(Path.GetFileNameWithoutExtension).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new InvalidDataException($"{string.Join(" and ", twice)}: two images named '{twice.Key}' (names must be unique)");
        _imageFiles = images;
        _names = images.Select(p => Path.GetFileNameWithoutExtension(p)!).ToArray();

        var problems = new List<string>();
        _mapFiles = new string?[targets.Count][];
        _classLabels = new float[targets.Count][];
        Dictionary<string, string[]>? csv = null;
        for (int t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            if (target.IsClassification)
            {
                csv ??= ReadLabelsCsv(Path.Combine(Dir, "labels.csv"));
                _classLabels[t] = ClassLabels(target, csv, problems);
                continue;
            }
            string folder = Path.Combine(Dir, target.Folder);
            if (!Directory.Exists(folder)) { problems.Add($"{folder}: missing folder (target '{target.Name}' needs one .png or .npy file per image)"); continue; }
            _mapFiles[t] = new string?[_names.Length];
            for (int i = 0; i < _names.Length; i++)
            {
                string png = Path.Combine(folder, _names[i] + ".png"), npy = Path.Combine(folder, _names[i] + ".npy");
                string? file = File.Exists(png) ? png : File.Exists(npy) ? npy : null;
                if (file == null) problems.Add($"{Path.Combine(folder, _names[i])}.png/.npy: file not found (target '{target.Name}' of {_imageFiles[i]})");
                _mapFiles[t][i] = file;
            }
        }
        if (problems.Count > 0)
            throw new InvalidDataException($"{Dir}: {problems.Count} problem(s):\n  " + string.Join("\n  ", problems));

        (Height, Width) = resize ?? Images.ImageFile.ReadSize(_imageFiles[0]);
        Targets = targets.Select(t => t.Info).ToArray();
    }

    public string Name => "folder";
    public string Split { get; }
    public string Dir { get; }
    public int Count => _names.Length;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<TargetInfo> Targets { get; }

    public string ImagePath(int index) => _imageFiles[index];

    public IReadOnlyList<(string What, string Path)> Files(int index)
    {
        var files = new List<(string, string)> { ("image", _imageFiles[index]) };
        for (int t = 0; t < _targets.Count; t++)
            files.Add((_targets[t].Name, _targets[t].IsClassification ? Path.Combine(Dir, "labels.csv") : _mapFiles[t]![index]!));
        return files;
    }

    public MultiTaskSample Get(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        string imgPath = _imageFiles[index];
        var (image, h, w) = Images.ImageFile.ReadRgb(imgPath);
        if (_resize == null && (h != Height || w != Width))
            throw new InvalidDataException($"{imgPath}: {h}x{w} image, expected {Height}x{Width} like {_imageFiles[0]} (images of a split must share one size, or set data.resize)");
        var maps = new Dictionary<string, float[]>();
        for (int t = 0; t < _targets.Count; t++)
        {
            var target = _targets[t];
            if (target.IsClassification) { maps[target.Name] = [_classLabels[t][index]]; continue; }
            var map = ReadMap(target, _mapFiles[t]![index]!, h, w, imgPath);
            if (_resize != null && (h != Height || w != Width)) map = Augment.ResizeNearest(map, target.Channels, h, w, Height, Width);
            maps[target.Name] = map;
        }
        if (_resize != null && (h != Height || w != Width)) image = Augment.ResizeBilinear(image, 3, h, w, Height, Width);
        return new MultiTaskSample { Image = image, Targets = maps };
    }

    /// <summary>One dense target file → its <see cref="TargetNames"/> convention (C×H×W).</summary>
    private static float[] ReadMap(FolderTarget target, string path, int h, int w, string imgPath)
    {
        bool png = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
        int hw = h * w;
        if (target.Kind == "normal")
        {
            if (png || target.Encoding == "rgb")
            {
                if (!png) throw new InvalidDataException($"{path}: encoding rgb expects an RGB PNG");
                var rgb = Images.ImageFile.ReadRgbBytes(path);
                MapFiles.CheckSize(path, rgb.Height, rgb.Width, h, w, imgPath);
                return MapFiles.DecodeNormalRgb(rgb.Pixels, hw, target.Ignore is { } v ? (int)v : null);
            }
            var n = MapFiles.ReadNpyMap(path, 3, h, w, imgPath);
            if (target.Ignore is { } ig)
                for (int p = 0; p < hw; p++)
                    if (n[p] == ig && n[hw + p] == ig && n[2 * hw + p] == ig) n[p] = n[hw + p] = n[2 * hw + p] = 0;
            return n;
        }

        float[] stored;
        if (png)
        {
            var gray = Images.ImageFile.ReadGray(path);
            MapFiles.CheckSize(path, gray.Height, gray.Width, h, w, imgPath);
            stored = gray.Pixels.Select(b => (float)b).ToArray();
        }
        else stored = MapFiles.ReadNpyMap(path, 1, h, w, imgPath);

        switch (target.Kind)
        {
            case "segmentation":
                return MapFiles.Labels(path, stored, w, target.ClassNames!.Count, target.Ignore);
            case "depth":
                for (int i = 0; i < stored.Length; i++)
                {
                    if (target.Ignore is { } di && stored[i] == di) { stored[i] = 0; continue; }
                    float d = (float)(stored[i] * target.Scale);
                    if (d < 0) throw new InvalidDataException($"{path}: negative depth {stored[i]} at pixel ({i / w}, {i % w}) (expected >= 0; 0{(target.Ignore is { } x ? $" or {x}" : "")} = invalid)");
                    stored[i] = d;
                }
                return stored;
            default: // edge, keypoint: values in [0, 1] after scaling, the ignore value → 255
                for (int i = 0; i < stored.Length; i++)
                {
                    if (target.Ignore is { } ei && stored[i] == ei) { stored[i] = TargetNames.IgnoreLabel; continue; }
                    float v = (float)(stored[i] * target.Scale);
                    if (v is < 0f or > 1f)
                        throw new InvalidDataException($"{path}: value {stored[i]} at pixel ({i / w}, {i % w}) is {v} after scale {target.Scale}, expected [0, 1] (set the target's scale, e.g. 0.00392157 for 8-bit PNGs, or its ignore value)");
                    stored[i] = v;
                }
                return stored;
        }
    }

    /// <summary>labels.csv: a header <c>name,&lt;target&gt;,…</c>, then one row per image.</summary>
    private static Dictionary<string, string[]> ReadLabelsCsv(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: file not found (classification targets read their labels from it: a header 'name,<target>,...' and one row per image)");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty (expected a header 'name,<target>,...')");
        var header = lines[0].Split(',').Select(s => s.Trim()).ToArray();
        if (header[0] != "name") throw new InvalidDataException($"{path}: header starts with '{header[0]}', expected 'name,<target>,...'");
        var rows = new Dictionary<string, string[]> { [""] = header };
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',').Select(s => s.Trim()).ToArray();
            if (cells.Length != header.Length) throw new InvalidDataException($"{path}: line {i + 1} has {cells.Length} fields, expected {header.Length} ({lines[0]})");
            if (!rows.TryAdd(cells[0], cells)) throw new InvalidDataException($"{path}: line {i + 1}: image '{cells[0]}' listed twice");
        }
        return rows;
    }

    private float[] ClassLabels(FolderTarget target, Dictionary<string, string[]> csv, List<string> problems)
    {
        string path = Path.Combine(Dir, "labels.csv");
        int column = Array.IndexOf(csv[""], target.Name);
        var labels = new float[_names.Length];
        if (column < 0) { problems.Add($"{path}: no column '{target.Name}' (header: {string.Join(",", csv[""])})"); return labels; }
        var classes = target.ClassNames!;
        for (int i = 0; i < _names.Length; i++)
        {
            if (!csv.TryGetValue(_names[i], out var row)) { problems.Add($"{path}: no row for image '{_names[i]}'"); continue; }
            string cell = row[column];
            int byName = IndexOf(classes, cell);
            if (int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) && c >= 0 && c < classes.Count) labels[i] = c;
            else if (byName >= 0) labels[i] = byName;
            else problems.Add($"{path}: image '{_names[i]}': label '{cell}' for '{target.Name}' is neither a class index 0..{classes.Count - 1} nor a class name");
        }
        return labels;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }
}
