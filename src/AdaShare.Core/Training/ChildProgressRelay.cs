using System.Globalization;
using System.Text.RegularExpressions;

namespace AdaShare.Training;

/// <summary>
/// Turns a child process's plain progress lines (`--plain`: "[phase] description: N steps", "[phase] i/N  loss=…",
/// "[phase] done in …") back into progress events of this process, so parallel jobs show as progress bars; warnings
/// and errors pass through as messages, everything else (headers, summaries) is dropped.
/// </summary>
public sealed partial class ChildProgressRelay(IProgressSink sink)
{
    private readonly HashSet<string> started = new();

    public void Line(string job, string line)
    {
        var m = StartedLine().Match(line);
        if (m.Success)
        {
            string phase = m.Groups["phase"].Value;
            started.Add(phase);
            sink.PhaseStarted(phase, m.Groups["description"].Value, Number(m.Groups["total"].Value),
                m.Groups["start"].Success ? Number(m.Groups["start"].Value) : 0);
            return;
        }
        m = StepLine().Match(line);
        if (m.Success && started.Contains(m.Groups["phase"].Value))
        {
            var scalars = new Dictionary<string, double>();
            foreach (Match pair in Scalar().Matches(m.Groups["rest"].Value))
                if (double.TryParse(pair.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    scalars[LoggedName(pair.Groups["name"].Value)] = value;
            sink.Step(m.Groups["phase"].Value, Number(m.Groups["done"].Value), scalars);
            return;
        }
        m = DoneLine().Match(line);
        if (m.Success && started.Contains(m.Groups["phase"].Value))
        {
            sink.PhaseFinished(m.Groups["phase"].Value);
            return;
        }
        if (line.Contains("warning", StringComparison.OrdinalIgnoreCase) || line.Contains("error", StringComparison.OrdinalIgnoreCase))
            sink.Message($"{job}: {line}");
    }

    // The plain line shows per-task losses without their "loss/" prefix.
    private static string LoggedName(string shown) => shown is "loss" or "tau" or "active_blocks" ? shown : "loss/" + shown;

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[(?<phase>[^\]]+)\] (?<description>.+): (?<total>\d+) steps(, resuming at (?<start>\d+))?$")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"^\[(?<phase>[^\]]+)\] (?<done>\d+)/(?<total>\d+)(?<rest>.*)$")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^\[(?<phase>[^\]]+)\] done in ")]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"(?<name>[A-Za-z_][\w/.-]*)=(?<value>[-+0-9.eE]+|NaN|-?Infinity)")]
    private static partial Regex Scalar();
}
