using System.Text.RegularExpressions;

namespace AdaShare.Tests.Architecture;

/// <summary>README's layout table names folders that exist, and every folder of the core is in it.</summary>
public class ReadmeLayoutTests
{
    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AdaShare.slnx")))
            dir = dir.Parent;
        return Path.Combine(new[] { dir!.FullName }.Concat(parts).ToArray());
    }

    /// <summary>The paths in the first column of the table under "## Layout" (`a/`, `b/` pairs relative to the first).</summary>
    private static List<string> LayoutPaths()
    {
        string readme = File.ReadAllText(Repo("README.md"));
        int start = readme.IndexOf("\n## Layout", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ## Layout section");
        var rows = readme[start..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        var paths = new List<string>();
        foreach (string row in rows)
        {
            string first = row.Split('|')[1];
            var names = Regex.Matches(first, "`([^`]+)`").Select(m => m.Groups[1].Value).ToList();
            string? parent = null;
            foreach (string name in names)
            {
                // "`src/AdaShare.Core/Comparison/`, `Reporting/`": a bare folder is a sibling of the first path
                string path = name.TrimEnd('/').Contains('/') || parent == null ? name : parent + name;
                if (parent == null)
                {
                    string dir = Path.GetDirectoryName(name.TrimEnd('/'))!.Replace('\\', '/');
                    parent = dir.Length == 0 ? "" : dir + "/";
                }
                paths.Add(path);
            }
        }
        return paths;
    }

    [Fact]
    public void EveryPathInTheTableExists()
    {
        var missing = LayoutPaths().Where(p => !Directory.Exists(Repo(p)) && !File.Exists(Repo(p))).ToList();
        Assert.True(missing.Count == 0, "README layout names what does not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryFolderOfTheCoreIsInTheTable()
    {
        var listed = LayoutPaths().Select(p => p.TrimEnd('/')).ToHashSet();
        var folders = Directory.GetDirectories(Repo("src", "AdaShare.Core"))
            .Select(d => "src/AdaShare.Core/" + Path.GetFileName(d))
            .Where(d => !d.EndsWith("/bin", StringComparison.Ordinal) && !d.EndsWith("/obj", StringComparison.Ordinal));
        var absent = folders.Where(f => !listed.Contains(f)).ToList();
        Assert.True(absent.Count == 0, "README layout lacks: " + string.Join(", ", absent));
    }
}
