using System.Globalization;
using ScottPlot;

namespace AdaShare.Comparison;

/// <summary>One method on the Δ_T-vs-parameters plot.</summary>
public sealed record ComparisonPoint(string Method, double ParametersMillions, double DeltaT);

/// <summary>
/// compare.png: Δ_T against parameters, one point per method labelled with its name and Δ_T (up and left is better).
/// Methods of (nearly) the same size sit on one vertical line, so their labels are spread apart vertically and joined
/// to their points by a thin line.
/// </summary>
public static class ComparisonPlot
{
    private const int Width = 1000, Height = 640;
    private const double LabelGapPixels = 18;

    public static void Save(ComparisonTable table, string path, string title) =>
        Save(table.Rows.Select(r => new ComparisonPoint(r.Method, r.Metrics.Parameters.Model / 1e6, r.DeltaT ?? 0)).ToList(), path,
            table.HasBaseline ? title : title + " (no single-task run: Δ_T shown as 0)",
            $"Δ_T vs single-task (%, {table.MetricSet.Name} metric set)");

    public static void Save(IReadOnlyList<ComparisonPoint> points, string path, string title, string yLabel = "Δ_T vs single-task (%)")
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var xs = points.Select(p => p.ParametersMillions).DefaultIfEmpty(0).ToList();
        var ys = points.Select(p => p.DeltaT).Append(0).ToList();
        double xSpan = Math.Max(xs.Max() - xs.Min(), Math.Max(1e-3, 0.1 * xs.Max()));
        double ySpan = Math.Max(ys.Max() - ys.Min(), 1);
        double xMin = xs.Min() - 0.1 * xSpan, xMax = xs.Max() + 0.45 * xSpan, yMin = ys.Min() - 0.12 * ySpan, yMax = ys.Max() + 0.12 * ySpan;
        // Data units per pixel of the data area (about 80 % of the image height).
        double yPerPixel = (yMax - yMin) / (0.8 * Height);
        var labelY = SpreadLabels(points, xSpan, LabelGapPixels * yPerPixel);

        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var color = palette.GetColor(i);
            var marker = plot.Add.Scatter(new[] { p.ParametersMillions }, new[] { p.DeltaT });
            marker.Color = color;
            marker.MarkerSize = 10;
            marker.LineWidth = 0;
            double labelX = p.ParametersMillions + 0.04 * xSpan;
            if (Math.Abs(labelY[i] - p.DeltaT) > 1e-9)
            {
                var leader = plot.Add.Line(p.ParametersMillions, p.DeltaT, labelX, labelY[i]);
                leader.Color = color.WithAlpha(0.6);
                leader.LineWidth = 1;
            }
            var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{p.Method} ({p.DeltaT:+0.0;−0.0;0.0} %)"), labelX, labelY[i]);
            label.LabelFontSize = 13;
            label.LabelFontColor = color;
            label.LabelAlignment = Alignment.MiddleLeft;
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title(title);
        plot.XLabel("parameters (millions)");
        plot.YLabel(yLabel);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Label heights: at each point's Δ_T, pushed apart within groups of points less than 6 % of the x range apart.</summary>
    private static double[] SpreadLabels(IReadOnlyList<ComparisonPoint> points, double xSpan, double gap)
    {
        var y = points.Select(p => p.DeltaT).ToArray();
        var order = Enumerable.Range(0, points.Count).OrderBy(i => points[i].ParametersMillions).ToList();
        var groups = new List<List<int>>();
        foreach (int i in order)
        {
            if (groups.Count > 0 && points[i].ParametersMillions - points[groups[^1][^1]].ParametersMillions < 0.06 * xSpan)
                groups[^1].Add(i);
            else
                groups.Add(new List<int> { i });
        }
        foreach (var group in groups.Where(g => g.Count > 1))
        {
            var byHeight = group.OrderByDescending(i => points[i].DeltaT).ToList();
            for (int j = 1; j < byHeight.Count; j++)
                y[byHeight[j]] = Math.Min(y[byHeight[j]], y[byHeight[j - 1]] - gap);
            // Centre the stack on its points so it does not only grow downwards.
            double shift = (group.Average(i => points[i].DeltaT) - group.Average(i => y[i])) / 2;
            foreach (int i in group)
                y[i] += shift;
        }
        return y;
    }
}
