using System.Globalization;
using System.Text;
using AdaShare.Metrics;

namespace AdaShare.Comparison;

/// <summary>A mean and sample standard deviation over seeds (std 0 for a single seed).</summary>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    public static MeanStd? Of(IEnumerable<double?> values)
    {
        var xs = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        if (xs.Count == 0)
            return null;
        double mean = xs.Average();
        double std = xs.Count > 1 ? Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1)) : 0;
        return new MeanStd(mean, std, xs.Count);
    }

    /// <summary>True when |this − other| exceeds the combined standard deviation √(s₁² + s₂²): a difference beyond the
    /// seed-to-seed noise (not a significance test; with 3 seeds a rough guide only).</summary>
    public bool DiffersFrom(MeanStd other) => Math.Abs(Mean - other.Mean) > Math.Sqrt(Std * Std + other.Std * other.Std);
}

/// <summary>One method over several seeds: mean ± std per metric column and of Δ_T.</summary>
public sealed record SeedSummaryRow(string Method, IReadOnlyList<MeanStd?> Columns, MeanStd? DeltaT, IReadOnlyList<int> Seeds);

/// <summary>
/// `adashare compare --seeds`: the per-seed comparison tables (each Δ_T against that seed's single-task run) reduced to
/// mean ± std per method, with the cells whose difference to AdaShare exceeds the combined standard deviation marked.
/// </summary>
public sealed class SeedSummary
{
    public const string Reference = Methods.AdaShare.AdaShareNames.Method;
    public const string Mark = "†";

    private SeedSummary(IReadOnlyList<MetricColumn> columns, IReadOnlyList<SeedSummaryRow> rows, IReadOnlyList<int> seeds, DeltaTMetricSet set)
    {
        Columns = columns;
        Rows = rows;
        Seeds = seeds;
        MetricSet = set;
    }

    public IReadOnlyList<MetricColumn> Columns { get; }
    public IReadOnlyList<SeedSummaryRow> Rows { get; }
    public IReadOnlyList<int> Seeds { get; }
    public DeltaTMetricSet MetricSet { get; }

    public static SeedSummary Build(IReadOnlyList<(int Seed, ComparisonTable Table)> perSeed)
    {
        if (perSeed.Count == 0)
            throw new ArgumentException("no seed to summarise", nameof(perSeed));
        var columns = perSeed[0].Table.Columns;
        var methods = perSeed.SelectMany(s => s.Table.Rows.Select(r => r.Method)).Distinct().ToList();
        var rows = new List<SeedSummaryRow>();
        foreach (string method in methods)
        {
            var present = perSeed.Select(s => (s.Seed, Row: s.Table.Rows.FirstOrDefault(r => r.Method == method), s.Table))
                .Where(x => x.Row != null).ToList();
            var cells = columns.Select(c => MeanStd.Of(present.Select(x => x.Table.Value(x.Row!, c)))).ToList();
            rows.Add(new SeedSummaryRow(method, cells, MeanStd.Of(present.Select(x => x.Row!.DeltaT)), present.Select(x => x.Seed).ToList()));
        }
        return new SeedSummary(columns, rows, perSeed.Select(s => s.Seed).ToList(), perSeed[0].Table.MetricSet);
    }

    private SeedSummaryRow? ReferenceRow => Rows.FirstOrDefault(r => r.Method == Reference);

    /// <summary>Whether the cell (column <paramref name="column"/>, or Δ_T when −1) of <paramref name="row"/> differs from
    /// AdaShare's by more than the combined standard deviation.</summary>
    public bool BeyondNoise(SeedSummaryRow row, int column)
    {
        if (ReferenceRow is not { } reference || row.Method == Reference)
            return false;
        var mine = column < 0 ? row.DeltaT : row.Columns[column];
        var theirs = column < 0 ? reference.DeltaT : reference.Columns[column];
        return mine is { } a && theirs is { } b && a.DiffersFrom(b);
    }

    public string ToMarkdown(string title)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# {title}");
        sb.AppendLine();
        sb.AppendLine($"Mean ± sample standard deviation over seeds {string.Join(", ", Seeds)} (one run per method and seed; " +
                      "each seed's Δ_T is against that seed's single-task run). " +
                      $"Δ_T metric set: {MetricSet.Description}.");
        sb.AppendLine($"{Mark} = the difference to AdaShare exceeds the combined standard deviation √(s₁² + s₂²): larger than the " +
                      "seed-to-seed noise; unmarked differences are inside it. Per-seed tables: `seed-<S>/compare.md`.");
        sb.AppendLine();
        var header = new List<string> { "method" };
        header.AddRange(Columns.Select(c => $"{c.Task} {c.Metric} {(c.HigherIsBetter ? "↑" : "↓")}"));
        header.Add($"Δ_T (%, {MetricSet.Name}) ↑");
        header.Add("seeds");
        sb.AppendLine("| " + string.Join(" | ", header) + " |");
        sb.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Method };
            for (int c = 0; c < Columns.Count; c++)
                cells.Add(Format(row.Columns[c], "0.####", BeyondNoise(row, c)));
            cells.Add(Format(row.DeltaT, "+0.00;-0.00;0.00", BeyondNoise(row, -1)));
            cells.Add(row.Seeds.Count.ToString(ci));
            sb.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
        return sb.ToString();
    }

    /// <summary>One row per method: mean and std of every column and of Δ_T, and whether it is beyond the noise.</summary>
    public string ToCsv()
    {
        var ci = CultureInfo.InvariantCulture;
        var header = new List<string> { "method", "seeds" };
        foreach (var c in Columns)
            header.AddRange([$"{c.Task}/{c.Metric}/mean", $"{c.Task}/{c.Metric}/std"]);
        header.AddRange(["delta_t/mean", "delta_t/std", "delta_t/beyond_noise_vs_adashare"]);
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", header.Select(h => h.Contains(',') ? $"\"{h}\"" : h)));
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Method, row.Seeds.Count.ToString(ci) };
            foreach (var cell in row.Columns)
                cells.AddRange([Number(cell?.Mean), Number(cell?.Std)]);
            cells.AddRange([Number(row.DeltaT?.Mean), Number(row.DeltaT?.Std), BeyondNoise(row, -1) ? "true" : "false"]);
            sb.AppendLine(string.Join(",", cells));
        }
        return sb.ToString();
    }

    private static string Format(MeanStd? v, string format, bool mark) => v is { } x
        ? x.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + x.Std.ToString("0.####", CultureInfo.InvariantCulture) + (mark ? " " + Mark : "")
        : "–";

    private static string Number(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
