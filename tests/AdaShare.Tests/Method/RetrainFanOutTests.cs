using AdaShare.Methods.AdaShare;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Method;

/// <summary>
/// `--jobs N` with two or more candidates left: the re-train phase hands exactly those to the context's launcher as
/// `train --resume DIR --candidate NAME` jobs and collects what the jobs record. The launcher here runs each job in this
/// process as the child would (the CLI test `CandidatesReTrainedInTwoProcessesMatchTheInProcessRun` starts real ones).
/// </summary>
public partial class RetrainAndSelectionTests
{
    private InProcessJobs CandidateJobs(Func<TrainingContext> ctx) => new()
    {
        // What `adashare train --resume DIR --candidate NAME` does in the child: re-train that candidate, record its result.
        RunJob = job =>
        {
            string name = InProcessJobs.Option(job, "--candidate");
            RetrainPhase.Retrain(CandidateFanOut.ForCandidate(ctx(), name), new CandidateResult { Name = name, PolicyFile = Path.Combine("policies", name + ".json") });
        },
    };

    [Fact]
    public void WithTwoJobsThePendingCandidatesAreLaunchedAsCandidateJobsAndTheirResultsCollected()
    {
        var config = Config("train.retrain_iters=1");
        var data = TinyExperiment.Data(config);
        TrainingContext? ctx = null;
        var launcher = CandidateJobs(() => ctx!);
        ctx = new TrainingContext(config, data with { Test = new WatchedDataset(data.Test, forbidden: true) }, new RunDirectory(_dir), NullProgressSink.Instance)
            { Jobs = 2, Launcher = launcher };
        var state = new RunState { Candidates = { FinishedElsewhere(ctx, "a", "11110101", 0.5), WritePolicy("b", "11111100", "11111110"), WritePolicy("c", "11111111", "11110000") } };

        new RetrainPhase().Run(ctx, state);

        var call = Assert.Single(launcher.Calls); // a was finished: only b and c are launched, in one call
        Assert.Equal(new[] { "b", "c" }, call.Jobs.Select(j => j.Name));
        Assert.Equal(new[] { "train", "--resume", _dir, "--candidate", "c", "--plain" }, call.Jobs[1].Arguments);
        Assert.Equal(2, call.Parallel);
        Assert.Equal(Math.Max(1, TorchSharp.torch.get_num_threads() / 2), call.ThreadsEach);
        foreach (var name in new[] { "b", "c" })
        {
            var candidate = state.Candidates.Single(c => c.Name == name);
            var recorded = ctx.Run.ReadJson<CandidateResult>(CandidateFanOut.ResultFile(ctx.Run, name))!;
            Assert.True(candidate.Retrained);
            Assert.Equal(recorded.Parameters, candidate.Parameters);
            Assert.Equal(recorded.ValMetrics["depth"].Select(m => m.Value), candidate.ValMetrics["depth"].Select(m => m.Value));
        }
        Assert.All(ctx.Run.LoadState().Candidates, c => Assert.True(c.Retrained));
        Assert.NotNull(state.SelectedCandidate);
    }

    [Fact]
    public void OneJobRetrainsInThisProcessAndACollectingRunLaunchesNothing()
    {
        TrainingContext? ctx = null;
        var launcher = CandidateJobs(() => ctx!);
        var config = Config();
        ctx = new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(_dir), NullProgressSink.Instance) { Jobs = 1, Launcher = launcher };
        var state = new RunState { Candidates = { WritePolicy("a", "11111100", "11111110"), WritePolicy("b", "11111111", "11110000") } };
        new RetrainPhase().Run(ctx, state);
        Assert.Empty(launcher.Calls);
        Assert.All(state.Candidates, c => Assert.True(c.Retrained));

        // A collecting run (`--await-candidates`) only waits for other jobs' results, even with --jobs 2.
        var collecting = NoDataContext(jobs: 2, wait: TimeSpan.Zero);
        var waiting = CandidateJobs(() => collecting);
        collecting = new TrainingContext(collecting.Config, collecting.Data, collecting.Run, NullProgressSink.Instance)
            { Jobs = 2, AwaitCandidates = TimeSpan.Zero, Launcher = waiting };
        var pending = new RunState { Candidates = { WritePolicy("c", "11111100", "11111110"), WritePolicy("d", "11111111", "11110000") } };
        Assert.Throws<UserErrorException>(() => new RetrainPhase().Run(collecting, pending));
        Assert.Empty(waiting.Calls);
    }
}
