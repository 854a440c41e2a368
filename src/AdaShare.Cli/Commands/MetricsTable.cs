using System.Globalization;
using AdaShare.Training;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>A metrics.json on the terminal: one row per (task, metric), then parameters and Δ_T.</summary>
public static class MetricsTable
{
    public static void Print(RunMetrics metrics)
    {
        var table = new Table().Title($"{metrics.Split} metrics ({metrics.MetricsMode})").AddColumn("task").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned()).AddColumn("better");
        foreach (var (task, values) in metrics.Tasks)
            foreach (var m in values)
                table.AddRow(Markup.Escape(task), Markup.Escape(m.Name), m.Value.ToString("F4", CultureInfo.InvariantCulture), m.HigherIsBetter ? "↑" : "↓");
        AnsiConsole.Write(table);
        var p = metrics.Parameters;
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"parameters: [bold]{p.Model:N0}[/] ({100.0 * p.Model / p.SingleTaskTotal:F1}% of {metrics.Tasks.Count} single-task networks = {p.SingleTaskTotal:N0}; hard sharing {p.HardSharing:N0})"));
        if (metrics.DeltaT is double dt)
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Δ_T vs single-task: [bold]{dt:+0.00;-0.00}%[/] (metric set {Markup.Escape(metrics.DeltaTMetricSet ?? "?")})"));
    }
}
