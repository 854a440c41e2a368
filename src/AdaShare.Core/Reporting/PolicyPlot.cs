using ScottPlot;

namespace AdaShare.Reporting;

/// <summary>policy.png: learned execute probability per (task, block) as a heat map, with the selected policy marked.</summary>
public static class PolicyPlot
{
    public static void Save(string path, IReadOnlyList<string> tasks, double[,] executeProbability, Model.Policy.TaskPolicy? selected)
    {
        int k = executeProbability.GetLength(0), blocks = executeProbability.GetLength(1);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(executeProbability);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(heatmap).Label = "p(execute)";
        if (selected != null)
        {
            for (int t = 0; t < k; t++)
            {
                for (int l = 0; l < blocks; l++)
                {
                    var text = plot.Add.Text(selected.Executes(t, l) ? "■" : "·", l, k - 1 - t);
                    text.LabelFontSize = 14;
                    text.LabelFontColor = Colors.White;
                    text.LabelAlignment = Alignment.MiddleCenter;
                }
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, blocks).Select(i => (double)i).ToArray(), Enumerable.Range(0, blocks).Select(i => $"{i}").ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, k).Select(i => (double)(k - 1 - i)).ToArray(), tasks.ToArray());
        plot.XLabel("block (input → output)");
        plot.Title(selected != null ? "learned policy (■ = executed in the selected policy)" : "learned policy");
        plot.SavePng(path, 120 + 60 * blocks, 140 + 60 * k);
    }
}
