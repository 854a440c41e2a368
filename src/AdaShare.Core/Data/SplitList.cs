using System.Text.Json;

namespace AdaShare.Data;

/// <summary>
/// The JSON split file of the official AdaShare layouts (<c>nyu_v2_3task.json</c>, <c>cityscape.json</c>):
/// <c>{ "split": [[path, path, …], …], … }</c>, paths relative to the dataset root (a leading '/' is tolerated, as the
/// official files are joined by string concatenation). Opening checks the JSON, the entry arity and that every listed
/// file exists, and reports every missing file (in list order), not only the first.
/// </summary>
public sealed class SplitList
{
    private readonly Dictionary<string, IReadOnlyList<string[]>> _splits;

    private SplitList(string root, string file, Dictionary<string, IReadOnlyList<string[]>> splits)
    {
        Root = root;
        File = file;
        _splits = splits;
    }

    public string Root { get; }

    /// <summary>Full path of the JSON file.</summary>
    public string File { get; }

    public IEnumerable<string> Names => _splits.Keys;

    /// <param name="columns">What each entry lists, in order (for messages), e.g. ["img", "seg", "normal", "depth"].</param>
    public static SplitList Read(string root, string fileName, IReadOnlyList<string> columns)
    {
        if (!Directory.Exists(root)) throw new InvalidDataException($"{root}: dataset root folder not found");
        string file = Path.Combine(root, fileName);
        if (!System.IO.File.Exists(file)) throw new InvalidDataException($"{file}: split list not found (expected {fileName} in the dataset root)");
        var splits = new Dictionary<string, IReadOnlyList<string[]>>();
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(file));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{file}: expected a JSON object {{split: [[{string.Join(", ", columns)}], ...]}}");
            foreach (var split in doc.RootElement.EnumerateObject())
            {
                if (split.Value.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{file}: split '{split.Name}' is not a list of entries");
                var entries = new List<string[]>();
                int i = 0;
                foreach (var entry in split.Value.EnumerateArray())
                {
                    string[]? paths = entry.ValueKind == JsonValueKind.Array && entry.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                        ? entry.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;
                    if (paths == null || paths.Length != columns.Count)
                        throw new InvalidDataException($"{file}: split '{split.Name}' entry {i} is {Short(entry)}, expected {columns.Count} paths [{string.Join(", ", columns)}]");
                    entries.Add(paths);
                    i++;
                }
                splits[split.Name] = entries;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not valid JSON ({e.Message})");
        }
        return new SplitList(root, file, splits);
    }

    private static string Short(JsonElement e)
    {
        string s = e.GetRawText();
        return s.Length > 80 ? s[..77] + "..." : s;
    }

    public bool Has(string split) => _splits.ContainsKey(split);

    public IReadOnlyList<string[]> Get(string split)
    {
        if (!_splits.TryGetValue(split, out var entries))
            throw new InvalidDataException($"{File}: no split '{split}' (it has: {string.Join(", ", _splits.Keys)})");
        if (entries.Count == 0) throw new InvalidDataException($"{File}: split '{split}' is empty");
        return entries;
    }

    /// <summary>Absolute path of a listed file.</summary>
    public string Resolve(string relative) => Path.Combine(Root, relative.TrimStart('/', '\\'));

    /// <summary>Throws one error listing every listed file (of the given columns) that does not exist, in list order.</summary>
    public void CheckFilesExist(string split, IReadOnlyList<string[]> entries, IEnumerable<int> columns)
    {
        var cols = columns.ToArray();
        var missing = new List<string>();
        foreach (var entry in entries)
            foreach (int c in cols)
            {
                string path = Resolve(entry[c]);
                if (!System.IO.File.Exists(path)) missing.Add(path);
            }
        if (missing.Count > 0)
            throw new InvalidDataException($"{File}: split '{split}': {missing.Count} listed file(s) not found:\n  " + string.Join("\n  ", missing.Select(m => $"{m}: file not found")));
    }
}
