using ScottPlot;

namespace AdaShare.Comparison;

/// <summary>compare.png: Δ_T against parameters, one labelled point per method (up and left is better).</summary>
public static class ComparisonPlot
{
    public static void Save(ComparisonTable table, string path, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var row in table.Rows)
        {
            double x = row.Metrics.Parameters.Model / 1e6;
            double y = row.DeltaT ?? 0;
            var point = plot.Add.Scatter(new[] { x }, new[] { y });
            point.Color = palette.GetColor(i++);
            point.MarkerSize = 10;
            point.LineWidth = 0;
            var label = plot.Add.Text(row.Method, x, y);
            label.LabelFontSize = 13;
            label.LabelOffsetX = 7;
            label.LabelOffsetY = -7;
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title(table.HasBaseline ? title : title + " (no single-task run: Δ_T shown as 0)");
        plot.XLabel("parameters (millions)");
        plot.YLabel($"Δ_T vs single-task (%, {table.MetricSet.Name} metric set)");
        // Room on the right for the labels, which are not part of the data extent.
        var xs = table.Rows.Select(r => r.Metrics.Parameters.Model / 1e6).DefaultIfEmpty(0).ToList();
        var ys = table.Rows.Select(r => r.DeltaT ?? 0).Append(0).ToList();
        double xSpan = Math.Max(xs.Max() - xs.Min(), Math.Max(1e-3, 0.1 * xs.Max()));
        double ySpan = Math.Max(ys.Max() - ys.Min(), 1);
        plot.Axes.SetLimits(xs.Min() - 0.1 * xSpan, xs.Max() + 0.35 * xSpan, ys.Min() - 0.12 * ySpan, ys.Max() + 0.12 * ySpan);
        plot.SavePng(path, 900, 600);
    }
}
