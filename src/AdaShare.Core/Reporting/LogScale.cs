using ScottPlot;

namespace AdaShare.Reporting;

/// <summary>
/// A log-scaled y axis for ScottPlot: data are plotted as log10(value) and the ticks are labelled with the values at
/// "nice" positions (1, 2, 5 × 10^k, or finer when the data span less than a decade).
/// </summary>
public static class LogScale
{
    public static double[] Transform(IEnumerable<double> values) => values.Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray();

    public static void Apply(Plot plot, double min, double max)
    {
        min = Math.Max(min, 1e-12);
        max = Math.Max(max, min * 1.0001);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (double[] mantissas in new[] { new[] { 1.0, 2, 5 }, new[] { 1.0, 1.5, 2, 3, 4, 5, 6, 7, 8, 9 }, Enumerable.Range(10, 90).Select(m => m / 10.0).ToArray() })
        {
            var values = Nice(min, max, mantissas);
            if (values.Count >= 3 || mantissas.Length > 10)
            {
                foreach (double v in Thin(values, 8))
                    ticks.AddMajor(Math.Log10(v), Label(v));
                break;
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        double pad = 0.05 * (Math.Log10(max) - Math.Log10(min));
        plot.Axes.SetLimitsY(Math.Log10(min) - pad, Math.Log10(max) + pad);
    }

    private static List<double> Nice(double min, double max, double[] mantissas)
    {
        var values = new List<double>();
        for (int e = (int)Math.Floor(Math.Log10(min)); e <= (int)Math.Ceiling(Math.Log10(max)); e++)
            foreach (double m in mantissas)
            {
                double v = m * Math.Pow(10, e);
                if (v >= min * 0.999 && v <= max * 1.001)
                    values.Add(v);
            }
        return values;
    }

    private static IEnumerable<double> Thin(List<double> values, int most)
    {
        int step = (values.Count + most - 1) / most;
        return values.Where((_, i) => i % step == 0);
    }

    private static string Label(double v) => v >= 1000 || v < 0.01 ? v.ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
