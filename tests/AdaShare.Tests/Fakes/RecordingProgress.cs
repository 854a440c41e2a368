using AdaShare.Training;

namespace AdaShare.Tests.Fakes;

/// <summary>Records what a phase reports (start, finish, messages); <see cref="OnMessage"/> may act on a message.</summary>
public sealed class RecordingProgress : IProgressSink
{
    public List<(string Phase, string Description, long Total, long Completed)> Started { get; } = new();
    public List<string> Finished { get; } = new();
    public List<string> Messages { get; } = new();
    public Action<string>? OnMessage { get; init; }

    public void PhaseStarted(string phase, string description, long totalSteps, long completedSteps) =>
        Started.Add((phase, description, totalSteps, completedSteps));

    public void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars) { }

    public void PhaseFinished(string phase) => Finished.Add(phase);

    public void Message(string text)
    {
        Messages.Add(text);
        OnMessage?.Invoke(text);
    }
}
