using System.Globalization;

namespace AdaShare.Data.DomainNet;

/// <summary>
/// One domain's image list, <c>root/{domain}_{split}.txt</c>: lines <c>path label</c>, path relative to root (e.g.
/// <c>clipart/aircraft_carrier/clipart_001_000018.jpg 0</c>), label in 0..classes−1.
/// </summary>
public sealed record DomainNetList(string Domain, IReadOnlyList<(string Path, int Label)> Entries)
{
    public static string FileName(string domain, string split) => $"{domain}_{split}.txt";

    /// <summary>
    /// Reads every domain's list and checks every line and listed file; all problems of all lists are reported
    /// together, in list and line order, in one error — nothing is half-loaded.
    /// </summary>
    public static IReadOnlyList<DomainNetList> ReadAll(string root, string split, IReadOnlyList<string> domains, int classes)
    {
        if (!Directory.Exists(root)) throw new InvalidDataException($"{root}: dataset root folder not found (expected {FileName("<domain>", split)} lists in it)");
        var problems = new List<string>();
        var lists = new List<DomainNetList>();
        foreach (string domain in domains)
        {
            string path = Path.Combine(root, FileName(domain, split));
            if (!File.Exists(path)) { problems.Add($"{path}: list not found (expected lines 'path label')"); continue; }
            var entries = new List<(string, int)>();
            int lineNo = 0;
            foreach (string raw in File.ReadLines(path))
            {
                lineNo++;
                string line = raw.Trim();
                if (line.Length == 0) continue;
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int label))
                { problems.Add($"{path}:{lineNo}: '{line}' is not 'path label'"); continue; }
                if (label >= classes) { problems.Add($"{path}:{lineNo}: label {label} out of range (expected 0..{classes - 1})"); continue; }
                if (!File.Exists(Path.Combine(root, parts[0]))) { problems.Add($"{path}:{lineNo}: {Path.Combine(root, parts[0])} not found"); continue; }
                entries.Add((parts[0], label));
            }
            if (entries.Count == 0 && problems.Count == 0) problems.Add($"{path}: no images listed");
            lists.Add(new DomainNetList(domain, entries));
        }
        if (problems.Count > 0)
            throw new InvalidDataException($"domainnet {split} lists: {problems.Count} problem(s): {string.Join("; ", problems)}");
        return lists;
    }

    /// <summary>Class names from the published folder layout (<c>domain/class_name/file</c>), else <c>class{k}</c>.</summary>
    public static IReadOnlyList<string> ClassNames(IEnumerable<DomainNetList> lists, int classes)
    {
        var names = Enumerable.Range(0, classes).Select(k => $"class{k}").ToArray();
        var named = new bool[classes];
        foreach (var list in lists)
            foreach (var (path, label) in list.Entries)
            {
                if (named[label]) continue;
                var parts = path.Split('/', '\\');
                if (parts.Length >= 3) { names[label] = parts[^2]; named[label] = true; }
            }
        return names;
    }
}
