namespace AdaShare.Comparison;

/// <summary>Writes compare.md, compare.csv and compare.png into a comparison's (or one seed's) folder.</summary>
public static class ComparisonReport
{
    public static (string Markdown, string Csv, string Png) Write(ComparisonTable table, string root, string configName)
    {
        string md = Path.Combine(root, "compare.md"), csv = Path.Combine(root, "compare.csv"), png = Path.Combine(root, "compare.png");
        string title = $"{configName}: AdaShare and baselines";
        File.WriteAllText(md, table.ToMarkdown(title));
        File.WriteAllText(csv, table.ToCsv());
        ComparisonPlot.Save(table, png, title);
        return (md, csv, png);
    }

    /// <summary>compare.md and compare.csv of a multi-seed comparison (mean ± std) into its root folder.</summary>
    /// <param name="adaShareRuns">Each seed's AdaShare run, for the learned-policy section (none: no section).</param>
    public static (string Markdown, string Csv) WriteSeeds(SeedSummary summary, string root, string configName,
        IReadOnlyList<(int Seed, string RunDirectory)>? adaShareRuns = null)
    {
        string md = Path.Combine(root, "compare.md"), csv = Path.Combine(root, "compare.csv");
        string text = summary.ToMarkdown($"{configName}: AdaShare and baselines over seeds {string.Join(", ", summary.Seeds)}");
        if (adaShareRuns != null && SeedPolicies.ToMarkdown(adaShareRuns) is { } policies)
            text += Environment.NewLine + policies;
        File.WriteAllText(md, text);
        File.WriteAllText(csv, summary.ToCsv());
        return (md, csv);
    }
}
