using System.Text.Json.Nodes;

namespace AdaShare.Tests.Cli;

/// <summary>What the CLI must repair or redo without losing work: phase re-runs, a damaged policy.json, --set on resume.</summary>
[Collection(CliCollection.Name)]
public class RunRecoveryCliTests(TinyRunFixture fx)
{
    private string Read(string run, string file) => File.ReadAllText(Path.Combine(run, file));

    [Fact]
    public void RerunOfSamplingRetiresLaterResultsAndResumeReproducesTheRun()
    {
        string run = fx.CopyOfFinishedRun("rerun-sample");
        var rerun = CliProcess.Run(fx.Root, new[] { "train", "--resume", run, "--phase", "sample", "--plain" });
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.DoesNotContain("report:", rerun.Output);
        Assert.DoesNotContain("test metrics", rerun.Output);
        Assert.Contains("phases still to run: retrain, eval, report", rerun.Output);
        foreach (string gone in new[] { "metrics.json", "report.md", "policy.json", "run.lock", ".rerun" })
            Assert.False(Path.Exists(Path.Combine(run, gone)), $"{gone} should be gone");
        Assert.Empty(Directory.GetDirectories(Path.Combine(run, "checkpoints"), "retrain-*"));
        var completed = JsonNode.Parse(Read(run, "state.json"))!["CompletedPhases"]!.AsArray().Select(n => (string)n!).ToArray();
        Assert.Equal(new[] { "warmup", "policy", "sample" }, completed);

        var resume = CliProcess.Run(fx.Root, new[] { "train", "--resume", run, "--plain" });
        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Equal(Read(fx.Straight, "metrics.json"), Read(run, "metrics.json"));
        Assert.Equal(Read(fx.Straight, "policy.json"), Read(run, "policy.json"));
    }

    [Fact]
    public void DamagedOrDeletedPolicyJsonIsWrittenAgain()
    {
        string run = fx.CopyOfFinishedRun("policy-json");
        File.WriteAllText(Path.Combine(run, "policy.json"), "{ damaged");
        var resume = CliProcess.Run(fx.Root, new[] { "train", "--resume", run, "--plain" });
        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Contains("warning:", resume.Output);
        Assert.Equal(Read(fx.Straight, "policy.json"), Read(run, "policy.json"));
        Assert.Contains("policy.json", Read(run, "run-log.txt"));

        File.Delete(Path.Combine(run, "policy.json"));
        var report = CliProcess.Run(fx.Root, new[] { "train", "--resume", run, "--phase", "report", "--plain" });
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Equal(Read(fx.Straight, "policy.json"), Read(run, "policy.json"));
        Assert.Contains("## Policy", Read(run, "report.md"));
    }

    [Fact]
    public void SetOnResumeChangesAnAllowedKeyAndRecordsIt()
    {
        string run = fx.CopyOfFinishedRun("set-on-resume");
        var resume = CliProcess.Run(fx.Root, new[] { "train", "--resume", run, "--set", "train.lr_heads=0.0005", "--plain" });
        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Contains("lr_heads: 0.0005", Read(run, "config.yaml"));
        Assert.Contains("resume --set train.lr_heads: 0.001 → 0.0005", Read(run, "run-log.txt"));
    }
}
