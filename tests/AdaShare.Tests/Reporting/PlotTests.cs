using AdaShare.Comparison;
using AdaShare.Reporting;
using AdaShare.Training;
using SkiaSharp;

namespace AdaShare.Tests.Reporting;

public sealed class PlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Log()
    {
        string path = Path.Combine(_dir, "train-log.csv");
        var log = new TrainLog(path);
        string[] tasks = { "segmentation", "depth", "normal" };
        for (int step = 1; step <= 30; step++)
        {
            var values = new Dictionary<string, double> { ["loss"] = 45.0 / step };
            foreach (string t in tasks)
                values[$"loss/{t}"] = 10.0 / step;
            log.Append("warmup", step, values);
            var p = new Dictionary<string, double>();
            foreach (string t in tasks)
                for (int b = 0; b < 16; b++)
                    p[$"p_execute/{t}/{b}"] = 0.5 + 0.4 * Math.Sin(step * (b + 1) / 40.0);
            log.Append("policy-probabilities", step, p);
        }
        return path;
    }

    [Fact]
    public void Policy_evolution_has_one_panel_per_task_and_room_for_every_block_in_the_legend()
    {
        string png = Path.Combine(_dir, "policy-evolution.png");
        Assert.True(TrainingCurvesPlot.SavePolicyEvolution(png, Log()));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(3 * 520, bitmap.Width);      // three task panels side by side
        Assert.True(bitmap.Height >= 340 + 4 * 20, $"height {bitmap.Height}: 16 legend entries need a taller panel");
    }

    [Fact]
    public void Training_curves_have_a_panel_per_task_and_one_for_the_total()
    {
        string png = Path.Combine(_dir, "training-curves.png");
        Assert.True(TrainingCurvesPlot.Save(png, Log()));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((2 * 520, 34 + 2 * 340), (bitmap.Width, bitmap.Height)); // 2×2 panels under the title
    }

    [Fact]
    public void Comparison_plot_is_written_for_methods_of_the_same_size()
    {
        string png = Path.Combine(_dir, "compare.png");
        ComparisonPlot.Save(new[] { new ComparisonPoint("a", 1.64, 6.6), new ComparisonPoint("b", 1.64, 6.3), new ComparisonPoint("c", 3.0, 0) }, png, "t");
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(1000, bitmap.Width);
    }
}
