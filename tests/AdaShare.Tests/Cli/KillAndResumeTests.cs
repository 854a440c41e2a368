using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AdaShare.Tests.Cli;

/// <summary>
/// SIGKILL at seeded random moments in every phase (20 kills, each resume killed again), then a last resume: the run
/// directory must end byte-identical to the uninterrupted run's (timings in state.json and report.md aside).
/// </summary>
[Collection(CliCollection.Name)]
public class KillAndResumeTests(TinyRunFixture fx, ITestOutputHelper output)
{
    private static readonly string[] Phases = { "warmup", "policy", "sample", "retrain", "eval", "report" };
    private static readonly int[] KillsPerPhase = { 4, 4, 3, 4, 3, 2 };
    private static readonly int[] MaxDelayMs = { 1500, 1500, 60, 1500, 250, 400 }; // roughly each phase's length

    [Fact]
    public void RunsKilledInEveryPhaseResumeToTheUninterruptedRun()
    {
        Assert.Equal(20, KillsPerPhase.Sum());
        var rng = new Random(13);
        string run = Path.Combine(fx.Root, "killed");
        string[] args = { "train", "--config", fx.ConfigPath, "--run-dir", run, "--plain" };
        for (int p = 0; p < Phases.Length; p++)
            for (int k = 0; k < KillsPerPhase[p]; k++)
            {
                int delay = rng.Next(MaxDelayMs[p]);
                string landed = RunAndKill(args, p, delay);
                output.WriteLine($"kill aimed at {Phases[p]} (+{delay} ms): {landed}");
            }

        var last = CliProcess.Run(fx.Root, args);
        Assert.True(last.ExitCode == 0, last.Output);
        var expected = Comparable(fx.Straight);
        var actual = Comparable(run);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (file, hash) in expected)
            Assert.True(hash == actual[file], $"{file} differs from the uninterrupted run's");
    }

    /// <summary>Starts the CLI, waits until it announces phase <paramref name="target"/> (or a later one), waits
    /// <paramref name="delayMs"/> and kills it; says where the kill landed.</summary>
    private string RunAndKill(string[] args, int target, int delayMs)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { CliProcess.Dll }, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = fx.Root };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) != null)
        {
            var m = Regex.Match(line, "^phase (\\S+) started$");
            if (m.Success && Array.IndexOf(Phases, m.Groups[1].Value) >= target)
            {
                Thread.Sleep(delayMs);
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return process.ExitCode == 0 ? $"finished before the kill (in {m.Groups[1].Value})" : $"killed in {m.Groups[1].Value}";
            }
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"a resumed run failed (exit {process.ExitCode})");
        return "run already finished";
    }

    /// <summary>Every file's hash; state.json without its timings, report.md without its phase times and folder name, no
    /// run-log.txt, no TensorBoard event files (each process writes its own, named by its start time).</summary>
    private static SortedDictionary<string, string> Comparable(string run)
    {
        var files = CliProcess.Snapshot(run);
        files.Remove("run-log.txt");
        foreach (string tb in files.Keys.Where(k => k.StartsWith("tensorboard", StringComparison.Ordinal)).ToList())
            files.Remove(tb);
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "state.json")))!.AsObject();
        state.Remove("PhaseSeconds");
        files["state.json"] = state.ToJsonString();
        files["report.md"] = string.Join("\n", File.ReadLines(Path.Combine(run, "report.md")).Where(l => !Regex.IsMatch(l, "^\\| [\\w-]+ \\| [0-9.]+ \\|$") && !l.StartsWith("Run directory `", StringComparison.Ordinal)));
        return files;
    }
}
