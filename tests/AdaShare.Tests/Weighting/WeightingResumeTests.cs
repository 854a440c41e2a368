using AdaShare.Config;
using AdaShare.Tests.Fakes;
using AdaShare.Training;
using AdaShare.Methods.AdaShare;
using AdaShare.Training.Phases;
using AdaShare.Experiments;

namespace AdaShare.Tests.Weighting;

/// <summary>A stateful weighting (UW's log-variances, GradNorm's weights and initial losses) resumes from its checkpoint as if never stopped.</summary>
public class WeightingResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adashare-weighting-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private sealed class CrashAt(long crashStep) : IProgressSink
    {
        public void PhaseStarted(string p, string d, long total, long done) { }
        public void Step(string p, long done, IReadOnlyDictionary<string, double> s)
        {
            if (done == crashStep)
                throw new IOException("simulated crash");
        }
        public void PhaseFinished(string p) { }
        public void Message(string text) { }
    }

    private static TrainingContext Context(string dir, string weighting, IProgressSink sink)
    {
        var config = ConfigLoader.WithOverrides(TinyExperiment.Config(),
            new[] { "data.height=16", "data.width=16", "train.batch_size=4", "train.warmup_iters=7", "train.checkpoint_every=3", $"weighting.name={weighting}" }, "test");
        return new TrainingContext(config, TinyExperiment.Data(config), new RunDirectory(dir), sink);
    }

    private static (float[] Weights, string State, string Log) Result(string dir, string weighting)
    {
        var ctx = Context(dir, weighting, NullProgressSink.Instance);
        using var model = AdaShareMethod.CreateNetwork(ctx);
        string checkpoint = Path.Combine(dir, "checkpoints", "warmup");
        Checkpoint.LoadModel(model, Path.Combine(checkpoint, "model.pt"));
        var progress = Checkpoint.Verify(ctx.Run, checkpoint);
        string state = System.Text.Json.JsonSerializer.Serialize(progress.Weighting);
        string log = string.Join("\n", File.ReadAllLines(ctx.Run.TrainLog).Where(l => l.Contains("weight/")));
        return (model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray(), state, log);
    }

    [Theory]
    [InlineData("uw")]
    [InlineData("gradnorm")]
    public void StopAndResumeGivesTheUninterruptedResult(string weighting)
    {
        string straight = Path.Combine(_root, weighting + "-straight"), resumed = Path.Combine(_root, weighting + "-resumed");
        new WarmUpPhase().Run(Context(straight, weighting, NullProgressSink.Instance), new RunState());
        // Stopped in step 5, after the step-3 checkpoint: the resume re-runs steps 4–7 from that checkpoint's state.
        Assert.Throws<IOException>(() => new WarmUpPhase().Run(Context(resumed, weighting, new CrashAt(5)), new RunState()));
        new WarmUpPhase().Run(Context(resumed, weighting, NullProgressSink.Instance), new RunState());

        var a = Result(straight, weighting);
        var b = Result(resumed, weighting);
        Assert.Contains(weighting, a.State);
        Assert.Equal(a.State, b.State);
        Assert.Equal(a.Log, b.Log);
        Assert.Equal(a.Weights, b.Weights);
        // The weights did move away from their start (a state that was never saved would not be tested).
        Assert.Contains("weight/", a.Log);
        Assert.True(a.Log.Split('\n').Select(l => l.Split(',')[3]).Distinct().Count() > 3);
    }
}
