using AdaShare.Training;

namespace AdaShare.Tests.Distributed;

/// <summary>`train --until sample`, one `--candidate` job per candidate, then selection = the sequential pipeline.</summary>
public sealed class CandidateFanOutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-fanout-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private MpiJob.Result Cli(params string[] args) => MpiJob.Run(0, args.Append("--plain"));

    private static void Ok(MpiJob.Result r) => Assert.True(r.ExitCode == 0, r.Output);

    private static RunMetrics Metrics(string dir) => RunMetrics.Load(Path.Combine(dir, "metrics.json"));

    [Fact]
    public void CandidatesRetrainedAsSeparateJobsSelectWhatTheSequentialPipelineSelects()
    {
        string config = MpiJob.WriteTinyConfig(_dir);
        string seq = Path.Combine(_dir, "seq"), fan = Path.Combine(_dir, "fan");
        string[] sets = { "--set", "policy.samples=1" };
        Ok(Cli(new[] { "train", "--config", config, "--run-dir", seq }.Concat(sets).ToArray()));

        Ok(Cli(new[] { "train", "--config", config, "--run-dir", fan, "--until", "sample" }.Concat(sets).ToArray()));
        var names = new RunDirectory(fan).LoadState().Candidates.Select(c => c.Name).ToList();
        Assert.Equal(2, names.Count);

        var unknown = Cli("train", "--resume", fan, "--candidate", "sample-9");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"unknown candidate 'sample-9' (candidates of {fan}: {string.Join(", ", names)})", unknown.Output);

        Ok(Cli("train", "--resume", fan, "--candidate", names[1]));
        var early = Cli("train", "--resume", fan, "--await-candidates", "0");
        Assert.NotEqual(0, early.ExitCode);
        Assert.Contains($"candidates not re-trained yet: {names[0]};", early.Output);
        Assert.Contains($"finished: {names[1]}", early.Output);

        Ok(Cli("train", "--resume", fan, "--candidate", names[0]));
        Assert.Contains("already re-trained", Cli("train", "--resume", fan, "--candidate", names[0]).Output);
        Ok(Cli("train", "--resume", fan, "--await-candidates", "0"));

        Assert.Equal(File.ReadAllText(Path.Combine(seq, "policy.json")), File.ReadAllText(Path.Combine(fan, "policy.json")));
        var (a, b) = (Metrics(seq), Metrics(fan));
        Assert.Equal(a.Policy, b.Policy);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(a.Tasks), System.Text.Json.JsonSerializer.Serialize(b.Tasks));
        Assert.Contains(TrainLog.Read(Path.Combine(fan, "train-log.csv")), r => r.Phase == $"retrain-{names[0]}");
    }
}
