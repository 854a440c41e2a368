using AdaShare.Training;
using ScottPlot;

namespace AdaShare.Reporting;

/// <summary>
/// The training-curves picture's loss-weight panels: one per phase whose logged task weights (weight/&lt;task&gt;, λ_k times
/// the weighting's factor) change, one line per task. A fixed weighting (ew, pcgrad, cagrad) draws none.
/// </summary>
public static class TaskWeightPanels
{
    public const string Prefix = "weight/";

    public static IReadOnlyList<Plot> Create(IEnumerable<(string Phase, long Step, string Name, double Value)> log)
    {
        var rows = log.Where(r => r.Name.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var tasks = rows.Select(r => r.Name).Distinct().ToList();
        var panels = new List<Plot>();
        foreach (var phase in rows.GroupBy(r => r.Phase))
        {
            if (phase.GroupBy(r => r.Name).All(g => g.Select(r => r.Value).Distinct().Count() == 1))
                continue;
            var plot = new Plot();
            foreach (var task in phase.GroupBy(r => r.Name))
            {
                var points = task.OrderBy(r => r.Step).ToList();
                var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
                line.LegendText = task.Key[Prefix.Length..];
                line.Color = palette.GetColor(tasks.IndexOf(task.Key));
                line.MarkerSize = points.Count > 40 ? 0 : 3;
                line.LineWidth = 1.5f;
            }
            plot.Title($"loss weights ({phase.Key})", size: 13);
            plot.XLabel("step in phase", size: 12);
            plot.YLabel("λ · weighting factor", size: 12);
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = 10;
            panels.Add(plot);
        }
        return panels;
    }
}
