using AdaShare.Training;

namespace AdaShare.Tests.Training;

/// <summary>A child process's plain progress lines become progress events of the parent; chatter is dropped.</summary>
public class ChildProgressRelayTests
{
    private sealed class RecordingSink : IProgressSink
    {
        public List<string> Events { get; } = new();
        public void PhaseStarted(string phase, string description, long totalSteps, long completedSteps) => Events.Add($"start {phase} '{description}' {totalSteps} {completedSteps}");
        public void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars) =>
            Events.Add($"step {phase} {completedSteps} {string.Join(",", scalars.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))}");
        public void PhaseFinished(string phase) => Events.Add($"done {phase}");
        public void Message(string text) => Events.Add($"message {text}");
    }

    [Fact]
    public void PlainLinesBecomeStartStepAndFinishEvents()
    {
        var sink = new RecordingSink();
        var relay = new ChildProgressRelay(sink);
        foreach (string line in new[]
        {
            "scenes-3task — AdaShare: learned select-or-skip policy",
            "[retrain-argmax] re-train argmax: 600 steps, resuming at 200",
            "[retrain-argmax] 210/600  loss=8.5  segmentation=0.75  depth=1.25  3.1 it/s",
            "[retrain-argmax] done in 84.3 s",
            "warning: retrain-argmax step 7: loss 1e9 is 100× the recent median",
            "argmax re-trained; its result is in /tmp/x",
        })
            relay.Line("argmax", line);

        Assert.Equal(new[]
        {
            "start retrain-argmax 're-train argmax' 600 200",
            "step retrain-argmax 210 loss=8.5,loss/depth=1.25,loss/segmentation=0.75",
            "done retrain-argmax",
            "message argmax: warning: retrain-argmax step 7: loss 1e9 is 100× the recent median",
        }, sink.Events);
    }

    [Fact]
    public void StepsOfAPhaseThatNeverStartedAreDropped()
    {
        var sink = new RecordingSink();
        new ChildProgressRelay(sink).Line("x", "[retrain-x] 3/10  loss=1  1.0 it/s");

        Assert.Empty(sink.Events);
    }
}
