using System.Diagnostics;

namespace AdaShare.Tests.Interop;

/// <summary>Runs Debian's /usr/bin/python3 (with python3-torch, which .ci/run installs) on a script of interop/pytorch/.</summary>
public static class Python
{
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "AdaShare.slnx")))
                    return dir.FullName;
            throw new DirectoryNotFoundException("repository root (AdaShare.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Script(string name) => Path.Combine(RepoRoot, "interop", "pytorch", name);

    /// <summary>Standard output of the script; fails the test with its standard error when it exits non-zero.</summary>
    public static string Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{stdout}");
        return stdout;
    }
}
