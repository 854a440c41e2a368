using System.Text.Json.Nodes;

namespace AdaShare.Tests.Cli;

/// <summary>`train --jobs 2`: the sampled candidates re-train as two child processes and give what one process gives.</summary>
[Collection(CliCollection.Name)]
public class ParallelJobsCliTests(TinyRunFixture fx)
{
    [Fact]
    public void CandidatesReTrainedInTwoProcessesMatchTheInProcessRun()
    {
        string run = Path.Combine(fx.Root, "jobs-2");
        var result = CliProcess.Run(fx.Root, new[] { "train", "--config", fx.ConfigPath, "--run-dir", run, "--plain", "--jobs", "2" });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("2 jobs side by side, 1 thread each", result.Output);
        // the children's progress shows in the parent's output
        Assert.Contains(result.Lines, l => l.StartsWith("[retrain-sample-1] done in", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.StartsWith("[retrain-argmax] done in", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(run, "candidates", "sample-1.json")));
        Assert.True(File.Exists(Path.Combine(run, "candidates", "argmax.json")));
        // the straight run re-trained both in-process, with the same single thread: the same validation results
        Assert.Equal(Candidates(fx.Straight), Candidates(run));
        Assert.Equal(File.ReadAllText(Path.Combine(fx.Straight, "metrics.json")), File.ReadAllText(Path.Combine(run, "metrics.json")));
    }

    [Fact]
    public void CompareTrainsItsMethodsInTwoProcessesThenBuildsTheTable()
    {
        string runs = Path.Combine(fx.Root, "compare-jobs");
        var result = CliProcess.Run(fx.Root, new[] { "compare", "--config", fx.ConfigPath, "--methods", "hard-sharing,single-task", "--runs-dir", runs, "--jobs", "2" });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("training 2 runs, 2 processes side by side, 1 thread each", result.Output);
        Assert.Contains("hard-sharing: finished run reused", result.Output);
        Assert.Contains("single-task: finished run reused", result.Output);
        Assert.True(File.Exists(Path.Combine(runs, "tiny-compare", "compare.md")));
        // Redirected output has no terminal width: the table keeps its natural width instead of wrapping every header.
        Assert.Contains(result.Lines, l => l.Contains("│ method", StringComparison.Ordinal) && l.Contains("Δ_T", StringComparison.Ordinal));
    }

    [Fact]
    public void JobsBelowOneIsRefusedInOneLine()
    {
        var result = CliProcess.Run(fx.Root, new[] { "train", "--config", fx.ConfigPath, "--run-dir", Path.Combine(fx.Root, "jobs-0"), "--jobs", "0" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--jobs", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    private static string Candidates(string run) =>
        string.Join("\n", JsonNode.Parse(File.ReadAllText(Path.Combine(run, "state.json")))!["Candidates"]!.AsArray()
            .Select(c => $"{c!["Name"]} {c["ValMetrics"]!.ToJsonString()} {c["ValScore"]}"));
}
