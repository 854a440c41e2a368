namespace AdaShare.Comparison;

/// <summary>Writes compare.md, compare.csv and compare.png into a comparison's root folder.</summary>
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
}
