namespace AdaShare.Training;

/// <summary>Where the trainer reports progress (a terminal progress bar, plain log lines, or nothing in tests).</summary>
public interface IProgressSink
{
    void PhaseStarted(string phase, string description, long totalSteps, long completedSteps);
    void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars);
    void PhaseFinished(string phase);
    void Message(string text);
}

public sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();
    public void PhaseStarted(string phase, string description, long totalSteps, long completedSteps) { }
    public void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars) { }
    public void PhaseFinished(string phase) { }
    public void Message(string text) { }
}
