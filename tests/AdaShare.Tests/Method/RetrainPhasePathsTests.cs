using System.Diagnostics;
using AdaShare.Methods.AdaShare;
using AdaShare.Model.Policy;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Tests.Method;

/// <summary>
/// The re-train phase's other paths: results of `--candidate` jobs collected (one process or `--jobs 2`), a collecting
/// run waiting for a missing job, a non-writing rank, the re-trained network opened from its checkpoint, policy.json
/// repaired, and a re-run forgetting the results.
/// </summary>
public partial class RetrainAndSelectionTests
{
    /// <summary>A candidate whose `--candidate` job has finished: its result is in candidates/NAME.json, the run's record not yet.</summary>
    private CandidateResult FinishedElsewhere(TrainingContext ctx, string name, string rowNormal, double absErr)
    {
        var candidate = WritePolicy(name, "11111111", rowNormal);
        CandidateFanOut.Record(ctx, new CandidateResult
        {
            Name = name, PolicyFile = candidate.PolicyFile, Retrained = true, Parameters = 1000 + (long)(absErr * 100),
            ValMetrics = new() { ["depth"] = Depth(absErr, absErr), ["normal"] = Normal(20) },
        });
        return candidate;
    }

    /// <summary>A context whose every split throws when read: collecting and selecting read no data.</summary>
    private TrainingContext NoDataContext(IProgressSink? sink = null, int jobs = 1, TimeSpan? wait = null, params string[] more)
    {
        var config = Config(more);
        var data = TinyExperiment.Data(config);
        var splits = data with
        {
            Train = new WatchedDataset(data.Train, forbidden: true), Train1 = new WatchedDataset(data.Train1, forbidden: true),
            Train2 = new WatchedDataset(data.Train2, forbidden: true), Val = new WatchedDataset(data.Val, forbidden: true),
            Test = new WatchedDataset(data.Test, forbidden: true),
        };
        return new TrainingContext(config, splits, new RunDirectory(_dir), sink ?? NullProgressSink.Instance) { Jobs = jobs, AwaitCandidates = wait };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FinishedCandidateJobsAreCollectedSavedAndSelectedWithoutTraining(int jobs)
    {
        var ctx = NoDataContext(jobs: jobs);
        var state = new RunState { Candidates = { FinishedElsewhere(ctx, "a", "11110101", 0.5), FinishedElsewhere(ctx, "b", "11111110", 0.3) } };

        new RetrainPhase().Run(ctx, state);

        Assert.Equal(1, state.SelectedCandidate); // b: the lower error
        var saved = ctx.Run.LoadState();
        Assert.All(saved.Candidates, c => Assert.True(c.Retrained));
        Assert.Equal(new long[] { 1050, 1030 }, saved.Candidates.Select(c => c.Parameters));
    }

    [Fact]
    public void WithTwoJobsASinglePendingCandidateIsRetrainedInThisProcess()
    {
        // One candidate left: no child process (that would only add its start-up); a's result is collected.
        var config = Config();
        var data = TinyExperiment.Data(config);
        var ctx = new TrainingContext(config, data with { Test = new WatchedDataset(data.Test, forbidden: true) }, new RunDirectory(_dir), NullProgressSink.Instance) { Jobs = 2 };
        var state = new RunState { Candidates = { FinishedElsewhere(ctx, "a", "11110101", 0.5), WritePolicy("b", "11111100", "11111110") } };

        new RetrainPhase().Run(ctx, state);

        Assert.All(state.Candidates, c => Assert.True(c.Retrained));
        Assert.True(File.Exists(Path.Combine(_dir, "checkpoints", "retrain-b", "model.pt")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "checkpoints", "retrain-a")));
        Assert.NotNull(state.SelectedCandidate);
    }

    [Fact]
    public void ACollectingRunWaitsForAMissingCandidateAndTakesItsResultWhenItArrives()
    {
        TrainingContext? ctx = null;
        CandidateResult? late = null;
        // The missing job finishes while the run waits (right after the run says it is waiting for it).
        var sink = new RecordingProgress
        {
            OnMessage = m =>
            {
                if (m == "waiting for b")
                    CandidateFanOut.Record(ctx!, new CandidateResult { Name = "b", PolicyFile = late!.PolicyFile, Retrained = true, Parameters = 5,
                        ValMetrics = new() { ["depth"] = Depth(0.3, 0.3), ["normal"] = Normal(20) } });
            },
        };
        ctx = NoDataContext(sink, wait: TimeSpan.FromMinutes(2));
        late = WritePolicy("b", "11111111", "11111110");
        var state = new RunState { Candidates = { FinishedElsewhere(ctx, "a", "11110101", 0.5), late } };
        var clock = Stopwatch.StartNew();

        new RetrainPhase().Run(ctx, state);

        Assert.Equal(new[] { "waiting for b" }, sink.Messages.Where(m => m.StartsWith("waiting")));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"looked again after {clock.Elapsed}: it must sleep between looks");
        Assert.True(late.Retrained);
        Assert.Equal(1, state.SelectedCandidate);
        Assert.True(ctx.Run.LoadState().Candidates.Single(c => c.Name == "b").Retrained);
    }

    [Fact]
    public void ACandidateStillMissingWhenTheWaitEndsIsNamedWithTheCommandThatRetrainsIt()
    {
        var ctx = NoDataContext(wait: TimeSpan.Zero);
        var state = new RunState { Candidates = { FinishedElsewhere(ctx, "a", "11110101", 0.5), WritePolicy("b", "11111111", "11111110") } };
        var e = Assert.Throws<UserErrorException>(() => new RetrainPhase().Run(ctx, state));
        Assert.Contains("candidates not re-trained yet: b;", e.Message);
        Assert.Contains("--candidate NAME", e.Message);
        Assert.Contains("(finished: a)", e.Message);
        Assert.Null(state.SelectedCandidate);
    }

    [Fact]
    public void OnAnotherRankARetrainedCandidateIsNeitherScoredNorRecorded()
    {
        var config = Config();
        var data = TinyExperiment.Data(config);
        var ctx = new TrainingContext(config, data with { Val = new WatchedDataset(data.Val, forbidden: true) },
            new RunDirectory(_dir) { Comm = new SecondRank() }, NullProgressSink.Instance);
        var candidate = WritePolicy("a", "11111111", "11110101");

        try
        {
            RetrainPhase.Retrain(ctx, candidate);
        }
        finally
        {
            AdaShare.Data.BatchShard.Current = AdaShare.Data.BatchShard.Whole; // the context set rank 1 of 2 for dropout, process-wide
        }

        Assert.True(candidate.Retrained);
        Assert.Empty(candidate.ValMetrics);
        Assert.False(File.Exists(CandidateFanOut.ResultFile(ctx.Run, "a")));
    }

    [Fact]
    public void ARetrainedCandidateIsReportedRecordedSavedAndOpenedFromItsCheckpoint()
    {
        var config = Config("train.retrain_iters=1");
        var data = TinyExperiment.Data(config);
        var sink = new RecordingProgress();
        var ctx = new TrainingContext(config, data with { Test = new WatchedDataset(data.Test, forbidden: true) }, new RunDirectory(_dir), sink);
        var state = new RunState { Candidates = { WritePolicy("a", "11111111", "11110101") } };

        new RetrainPhase().Run(ctx, state);

        Assert.Contains(("retrain-a", "re-train a", 1L, 0L), sink.Started);
        Assert.True(ctx.Run.LoadState().Candidates.Single().Retrained);
        var recorded = ctx.Run.ReadJson<CandidateResult>(CandidateFanOut.ResultFile(ctx.Run, "a"))!;
        Assert.True(recorded.Retrained);
        Assert.Equal(state.Candidates[0].Parameters, recorded.Parameters);
        Assert.Equal(state.Candidates[0].ValMetrics["depth"], recorded.ValMetrics["depth"]);

        var opened = RetrainPhase.OpenRetrained(ctx, state.Candidates[0]);
        using var net = opened.Net;
        var weights = net.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
        Assert.Equal(Weights(ctx, Path.Combine(_dir, "checkpoints", "retrain-a", "model.pt")), weights);
        Assert.NotEqual(Weights(ctx, ctx.Run.InitialWeights), weights); // one step trained it: not the fresh network
    }

    [Fact]
    public void RepairWritesTheSelectedPolicyAgainAndRejectsOneForOtherTasks()
    {
        var ctx = NoDataContext();
        var state = new RunState { Candidates = { WritePolicy("a", "11111111", "11110101"), WritePolicy("b", "11111100", "11111110") }, SelectedCandidate = 1 };

        new RetrainPhase().Repair(ctx, state);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "policies", "b.json")), File.ReadAllText(ctx.Run.PolicyJson));

        // A selection past the list (a state.json edited by hand) repairs nothing.
        File.Delete(ctx.Run.PolicyJson);
        new RetrainPhase().Repair(ctx, new RunState { Candidates = state.Candidates, SelectedCandidate = 2 });
        Assert.False(File.Exists(ctx.Run.PolicyJson));

        File.WriteAllText(Path.Combine(_dir, "policies", "b.json"), TaskPolicy.AllExecute(new[] { "normal", "depth" }, 8).ToJson());
        Assert.Throws<InvalidDataException>(() => new RetrainPhase().Repair(ctx, state));
        Assert.False(File.Exists(ctx.Run.PolicyJson));
    }

    [Fact]
    public void InvalidatingThePhaseForgetsEveryResultAndTheSelection()
    {
        var (state, _) = Scored((0.5, 0.2, 30), (0.3, 0.1, 20));
        state.SelectedCandidate = 1;
        foreach (var c in state.Candidates)
            (c.ValScore, c.Parameters) = (1.5, 1000);

        new RetrainPhase().Invalidate(state);

        Assert.Null(state.SelectedCandidate);
        Assert.All(state.Candidates, c =>
        {
            Assert.False(c.Retrained);
            Assert.Empty(c.ValMetrics);
            Assert.Null(c.ValScore);
            Assert.Equal(0, c.Parameters);
        });
    }

    [Fact]
    public void ThePhaseRunsOnEveryRankAndOwnsThePolicyFileAndTheCandidatesResults()
    {
        var phase = new RetrainPhase();
        Assert.True(phase.RunsOnEveryRank);
        Assert.Equal(new[] { "policy.json", "candidates" }, phase.Outputs);
    }
}
