using AdaShare.Comparison;
using AdaShare.Config;
using AdaShare.Methods.AdaShare;
using AdaShare.Model.Policy;
using AdaShare.Tests.Cli;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using static TorchSharp.torch;

namespace AdaShare.Tests.Comparison;

/// <summary>The learned policies of several runs (seeds), read back from their policy checkpoints: `adashare policies` and compare.md.</summary>
[Collection(FinishedRunCollection.Name)]
public sealed class SeedPoliciesTests(FinishedRunFixture run) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-seed-policies-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TheLastLogitsArgmaxIsThePolicySamplingWrote()
    {
        Assert.Equal(PolicySource.Last, run.Config.Policy.Source);
        var learned = LearnedDistribution.Load(new RunDirectory(run.Root), run.Config, PolicySource.Last)!;
        var written = TaskPolicy.FromJson(File.ReadAllText(Path.Combine(run.Root, "policies", "argmax.json")));
        Assert.True(written.SameAs(learned.Argmax), $"{written.Key} vs {learned.Argmax.Key}");
        Assert.Equal(run.Config.Tasks.Count * (learned.Argmax.Blocks - run.Config.Policy.SkipLayer), learned.Decisiveness.Decisions);
        Assert.Null(LearnedDistribution.Load(new RunDirectory(run.Root), run.Config, PolicySource.Best)); // not tracked in this run
    }

    /// <summary>A copy of the finished run whose last logits make task 0 skip every decision block.</summary>
    private string CopyWithTask0Skipping()
    {
        string copy = Path.Combine(_dir, "other-seed");
        foreach (string file in Directory.GetFiles(run.Root, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(run.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string path = Path.Combine(copy, "checkpoints", AdaShareNames.Policy, "policy.pt");
        var learned = LearnedDistribution.Load(new RunDirectory(run.Root), run.Config, PolicySource.Last)!;
        using var logits = new PolicyLogits("policy", run.Config.Tasks.Count, learned.Argmax.Blocks, run.Config.Policy.SkipLayer, 0);
        Checkpoint.LoadModel(logits, path);
        using (no_grad())
        {
            logits.logits[0, TensorIndex.Colon, 0].fill_(-5);
            logits.logits[0, TensorIndex.Colon, 1].fill_(5);
        }
        logits.save(path);
        return copy;
    }

    [Fact]
    public void CompareMarkdownCountsTheSeedsThatLearnedTheSameArgmax()
    {
        string other = CopyWithTask0Skipping();
        string md = SeedPolicies.ToMarkdown([(0, run.Root), (1, run.Root), (2, other)])!;
        Assert.Contains("**2 of 3** seeds learned the same one", md);
        int decisions = LearnedDistribution.Load(new RunDirectory(run.Root), run.Config, PolicySource.Last)!.Argmax.Blocks - run.Config.Policy.SkipLayer;
        var seed2 = md.Split('\n').Single(l => l.StartsWith("| 2 |"));
        // Δ: task 0's decisions that the shared argmax executes (all skipped in the copy)
        var shared = LearnedDistribution.Load(new RunDirectory(run.Root), run.Config, PolicySource.Last)!.Argmax;
        int executedByTask0 = Enumerable.Range(run.Config.Policy.SkipLayer, decisions).Count(l => shared.Executes(0, l));
        Assert.Contains($"| {executedByTask0} |", seed2);
        Assert.Null(SeedPolicies.ToMarkdown([(0, _dir)])); // no run there: no section
    }

    [Fact]
    public void ThePoliciesCommandReportsAgreementAndNamesADirectoryThatIsNoRun()
    {
        string other = CopyWithTask0Skipping();
        var ok = CliProcess.Run(_dir, ["policies", run.Root, other, "--probabilities"]);
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Contains("last logits: 1 of 2 runs learned the same argmax policy", ok.Output);
        Assert.Contains("p(execute), last logits", ok.Output);

        var notARun = CliProcess.Run(_dir, ["policies", _dir]);
        Assert.Equal(1, notARun.ExitCode);
        Assert.Equal($"error: {_dir} is not a run directory (no config.yaml)", notARun.Lines[^1]);
        var noBest = CliProcess.Run(_dir, ["policies", run.Root, "--from", "best"]);
        Assert.Equal(1, noBest.ExitCode);
        Assert.Contains("no best validated logits", noBest.Lines[^1]);
    }
}
