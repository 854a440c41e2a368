using AdaShare.Training;
using ScottPlot;

namespace AdaShare.Reporting;

/// <summary>training-curves.png: total loss of every training phase against its step, from train-log.csv.</summary>
public static class TrainingCurvesPlot
{
    public static bool Save(string path, string trainLogPath)
    {
        var rows = TrainLog.Read(trainLogPath).Where(r => r.Name == "loss").ToList();
        if (rows.Count == 0)
            return false;
        var plot = new Plot();
        foreach (var phase in rows.GroupBy(r => r.Phase))
        {
            var points = phase.OrderBy(r => r.Step).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = phase.Key;
            line.MarkerSize = 0;
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.XLabel("step");
        plot.YLabel("loss (weighted sum; policy phase includes the regularisers)");
        plot.Title("training curves");
        plot.SavePng(path, 800, 450);
        return true;
    }

    /// <summary>policy-evolution.png: execute probability of every (task, block) across policy learning.</summary>
    public static bool SavePolicyEvolution(string path, string trainLogPath)
    {
        var rows = TrainLog.Read(trainLogPath).Where(r => r.Phase == "policy-probabilities").ToList();
        if (rows.Count == 0)
            return false;
        var plot = new Plot();
        foreach (var series in rows.GroupBy(r => r.Name))
        {
            var points = series.OrderBy(r => r.Step).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = series.Key.Replace("p_execute/", "");
            line.MarkerSize = 3;
        }
        plot.ShowLegend(Edge.Right);
        plot.XLabel("step");
        plot.YLabel("p(execute)");
        plot.Axes.SetLimitsY(0, 1);
        plot.Title("policy learning: execute probabilities");
        plot.SavePng(path, 1100, 500);
        return true;
    }
}
