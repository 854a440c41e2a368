using AdaShare.Training;
using ScottPlot;

namespace AdaShare.Reporting;

/// <summary>
/// training-curves.png: one panel per task (its loss term, every training phase as a line against its own step, log
/// scale so the first steps' large losses do not flatten the rest) and one for the weighted total; policy-evolution.png:
/// one panel per task with each block's p(execute) across policy learning, blocks coloured from early (dark) to late
/// (yellow). Both read train-log.csv. Adaptive loss weightings add their per-step task weights (<see cref="TaskWeightPanels"/>).
/// </summary>
public static class TrainingCurvesPlot
{
    private const int PanelWidth = 520, PanelHeight = 340;

    public static bool Save(string path, string trainLogPath)
    {
        var rows = TrainLog.Read(trainLogPath).Where(r => r.Name == "loss" || r.Name.StartsWith("loss/", StringComparison.Ordinal)).ToList();
        if (rows.Count == 0)
            return false;
        var phases = rows.Select(r => r.Phase).Distinct().ToList();
        var series = rows.Select(r => r.Name).Distinct().OrderBy(n => n == "loss" ? 1 : 0).ToList(); // per-task panels first, total last
        var palette = new ScottPlot.Palettes.Category10();
        var panels = new List<Plot>();
        foreach (string name in series)
        {
            var plot = new Plot();
            var values = rows.Where(r => r.Name == name && r.Value > 0).ToList();
            if (values.Count == 0)
                continue;
            foreach (var phase in values.GroupBy(r => r.Phase))
            {
                var points = phase.OrderBy(r => r.Step).ToList();
                var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), LogScale.Transform(points.Select(p => p.Value)));
                line.LegendText = phase.Key;
                line.Color = palette.GetColor(phases.IndexOf(phase.Key));
                line.MarkerSize = points.Count > 40 ? 0 : 3;
                line.LineWidth = 1.5f;
            }
            LogScale.Apply(plot, values.Min(r => r.Value), values.Max(r => r.Value));
            plot.Title(name == "loss" ? "total (weighted; policy phase incl. regularisers)" : $"{name["loss/".Length..]} loss", size: 13);
            plot.XLabel("step in phase", size: 12);
            plot.YLabel("loss (log scale)", size: 12);
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = 10;
            panels.Add(plot);
        }
        panels.AddRange(TaskWeightPanels.Create(TrainLog.Read(trainLogPath)));
        PanelGrid.Save(path, panels, PanelWidth, PanelHeight, panels.Count <= 4 ? 2 : 3, "training curves");
        return true;
    }

    public static bool SavePolicyEvolution(string path, string trainLogPath)
    {
        var rows = TrainLog.Read(trainLogPath).Where(r => r.Phase == "policy-probabilities").ToList();
        if (rows.Count == 0)
            return false;
        // Names are p_execute/<task>/<block>; a task name may itself contain '/'.
        var parsed = rows.Select(r =>
        {
            string rest = r.Name["p_execute/".Length..];
            int cut = rest.LastIndexOf('/');
            return (Task: rest[..cut], Block: int.Parse(rest[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture), r.Step, r.Value);
        }).ToList();
        var tasks = parsed.Select(p => p.Task).Distinct().ToList();
        var blocks = parsed.Select(p => p.Block).Distinct().Order().ToList();
        var colormap = new ScottPlot.Colormaps.Viridis();
        var panels = new List<Plot>();
        foreach (string task in tasks)
        {
            var plot = new Plot();
            foreach (int block in blocks)
            {
                var points = parsed.Where(p => p.Task == task && p.Block == block).OrderBy(p => p.Step).ToList();
                var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
                line.LegendText = $"block {block}";
                // Early blocks dark, late blocks bright; 0.9 keeps the last one readable on white.
                line.Color = colormap.GetColor(blocks.Count == 1 ? 0 : 0.9 * blocks.IndexOf(block) / (blocks.Count - 1));
                line.MarkerSize = points.Count > 40 ? 0 : 4;
                line.LineWidth = 1.5f;
            }
            plot.Axes.SetLimitsY(-0.02, 1.02);
            plot.Add.HorizontalLine(0.5, 1, Colors.Gray, LinePattern.Dotted);
            plot.Title(task, size: 13);
            plot.XLabel("step", size: 12);
            plot.YLabel("p(execute)", size: 12);
            plot.ShowLegend(Edge.Right);
            plot.Legend.FontSize = 10;
            panels.Add(plot);
        }
        PanelGrid.Save(path, panels, PanelWidth, PanelHeight + 20 * Math.Max(0, blocks.Count - 12), Math.Min(3, tasks.Count),
            "policy learning: p(execute) per block (dark = early block, yellow = late block)");
        return true;
    }
}
