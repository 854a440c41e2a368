using System.Diagnostics;
using System.Globalization;
using AdaShare.Training;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>Live progress bars (one per phase) with the current loss, temperature and speed.</summary>
public sealed class SpectreProgressSink(ProgressContext context) : IProgressSink
{
    private readonly Dictionary<string, (ProgressTask Task, string Description, Stopwatch Clock, long Start)> tasks = new();

    public void PhaseStarted(string phase, string description, long totalSteps, long completedSteps)
    {
        var task = context.AddTask(Markup.Escape(Shorten(description, 24)), maxValue: Math.Max(1, totalSteps));
        task.Value = completedSteps;
        tasks[phase] = (task, description, Stopwatch.StartNew(), completedSteps);
    }

    public void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars)
    {
        if (!tasks.TryGetValue(phase, out var t))
            return;
        t.Task.Value = completedSteps;
        double rate = (completedSteps - t.Start) / Math.Max(1e-9, t.Clock.Elapsed.TotalSeconds);
        // Short enough that the bar, percentage and times keep their columns on an 80-column terminal.
        string tau = scalars.TryGetValue("tau", out double v) ? string.Create(CultureInfo.InvariantCulture, $" τ {v:F2}") : "";
        t.Task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{Shorten(t.Description, 24),-24} loss {scalars.GetValueOrDefault("loss"):F3}{tau} {rate:F1} it/s"));
    }

    public void PhaseFinished(string phase)
    {
        if (tasks.TryGetValue(phase, out var t))
            t.Task.StopTask();
    }

    public void Message(string text) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");

    private static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}

/// <summary>Plain log lines for non-interactive output (CI, files): one line per phase start and every N steps.</summary>
public sealed class PlainProgressSink(int every) : IProgressSink
{
    private readonly Dictionary<string, (long Total, Stopwatch Clock, long Start)> phases = new();

    public void PhaseStarted(string phase, string description, long totalSteps, long completedSteps)
    {
        phases[phase] = (totalSteps, Stopwatch.StartNew(), completedSteps);
        Console.WriteLine($"[{phase}] {description}: {totalSteps} steps" + (completedSteps > 0 ? $", resuming at {completedSteps}" : ""));
    }

    public void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars)
    {
        if (!phases.TryGetValue(phase, out var p) || (completedSteps % every != 0 && completedSteps != p.Total))
            return;
        double rate = (completedSteps - p.Start) / Math.Max(1e-9, p.Clock.Elapsed.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{phase}] {completedSteps}/{p.Total}  {ProgressText.Summary(scalars)}  {rate:F1} it/s"));
    }

    public void PhaseFinished(string phase)
    {
        if (phases.TryGetValue(phase, out var p))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{phase}] done in {p.Clock.Elapsed.TotalSeconds:F1} s"));
    }

    public void Message(string text) => Console.WriteLine(text);
}

internal static class ProgressText
{
    public static string Summary(IReadOnlyDictionary<string, double> scalars) =>
        string.Join("  ", scalars.Where(kv => kv.Key is "loss" or "tau" or "active_blocks" || kv.Key.StartsWith("loss/", StringComparison.Ordinal))
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key.Replace("loss/", "")}={kv.Value:G4}")));
}
