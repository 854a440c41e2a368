using System.Diagnostics;
using System.Security.Cryptography;

namespace AdaShare.Tests.Cli;

/// <summary>Runs the real `adashare` CLI (the adashare.dll built beside the tests, once per test run) as a separate process.</summary>
public static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "adashare.dll");

    public sealed record Result(int ExitCode, string Output)
    {
        public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Runs `adashare args…`, stdout and stderr together; <paramref name="shell"/> is put before `dotnet` in a bash
    /// command line (e.g. `ulimit -f 1; exec`, or `exec setpriv --reuid=65534 …`); <paramref name="dll"/> replaces
    /// <see cref="Dll"/> (a copy another user can reach).</summary>
    public static Result Run(string workDir, IEnumerable<string> args, string? shell = null, int timeoutSeconds = 300, string? dll = null)
    {
        dll ??= Dll;
        var info = shell == null
            ? new ProcessStartInfo("dotnet") { ArgumentList = { dll } }
            : new ProcessStartInfo("bash") { ArgumentList = { "-c", $"{shell} dotnet \"$0\" \"$@\"", dll } };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        info.WorkingDirectory = workDir;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(true);
            throw new TimeoutException($"adashare {string.Join(' ', args)} ran past {timeoutSeconds} s");
        }
        return new Result(process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>Every file under <paramref name="dir"/> (relative path → SHA-256) and every folder (→ "dir"); empty when absent.</summary>
    public static SortedDictionary<string, string> Snapshot(string dir)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(dir))
            return map;
        foreach (string d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories))
            map[Path.GetRelativePath(dir, d)] = "dir";
        foreach (string f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(f);
            map[Path.GetRelativePath(dir, f)] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return map;
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (string f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }

    public static void Truncate(string path)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(stream.Length / 2);
    }
}
