using System.CommandLine;
using AdaShare.Comparison;
using AdaShare.Config;
using AdaShare.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace AdaShare.Cli.Commands;

/// <summary>
/// `adashare compare`: AdaShare and the baselines on one config (same data, backbone, heads and budget), each in its
/// own run directory under &lt;runs_dir&gt;/&lt;config name&gt;-compare/, then compare.md, compare.csv, compare.png and the
/// table in the terminal.
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "experiment config (YAML)", Required = true };
        var methods = new Option<string>("--methods")
        {
            Description = $"all, or a comma-separated list of: {string.Join(", ", Methods.MethodRegistry.Names)}",
            DefaultValueFactory = _ => ComparisonRunner.AllMethods,
        };
        var runsDir = new Option<string?>("--runs-dir") { Description = "parent folder of run directories (default: output.runs_dir of the config)" };
        var set = new Option<string[]>("--set") { Description = "override a config value, key.path=value (repeatable)" };
        var seeds = new Option<string?>("--seeds")
        {
            Description = "repeat every method per seed (e.g. 0,1,2) into <root>/seed-S/<method>/ and report mean ± std over seeds",
        };
        var weightings = new Option<string?>("--weightings")
        {
            Description = $"add loss weighting as a second axis: a comma-separated list of {string.Join(", ", AdaShare.Weighting.LossWeightings.Names)} (cells method+weighting)",
        };
        var only = new Option<string?>("--only") { Description = "run one cell: this method only (no table), for job arrays; with --seed into <root>/seed-S/<method>" };
        var seed = new Option<int?>("--seed") { Description = "with --only: the seed of the cell" };
        var command = new Command("compare", "Train and evaluate AdaShare and the baselines on one config; write compare.md/csv/png.");
        command.Options.Add(config);
        command.Options.Add(methods);
        command.Options.Add(runsDir);
        command.Options.Add(set);
        command.Options.Add(seeds);
        command.Options.Add(weightings);
        command.Options.Add(only);
        command.Options.Add(seed);
        command.SetAction(r => r.GetValue(only) is { } method
            ? RunCell(r.GetValue(config)!, method, r.GetValue(seed), r.GetValue(runsDir), r.GetValue(set) ?? Array.Empty<string>(), AdaShare.Data.DatasetFactory.OpenSplits)
            : r.GetValue(seed) != null ? Cli.Guard(() => throw new ConfigException("--seed picks the seed of one cell: use it with --only METHOD (or --seeds for every method)"))
            : Run(r.GetValue(config)!, r.GetValue(methods) ?? ComparisonRunner.AllMethods, r.GetValue(runsDir),
                r.GetValue(set) ?? Array.Empty<string>(), AdaShare.Data.DatasetFactory.OpenSplits, r.GetValue(seeds), r.GetValue(weightings)));
        return command;
    }

    public static int Run(string configPath, string methodSpec, string? runsDir, IReadOnlyList<string> overrides,
        Func<ExperimentConfig, DataSplits> openSplits, string? seedSpec = null, string? weightingSpec = null)
    {
        return Cli.Guard(() =>
        {
            var config = ConfigLoader.WithOverrides(ConfigLoader.Load(configPath), overrides, configPath);
            if (config.Threads > 0)
                set_num_threads(config.Threads);
            var methodList = ComparisonRunner.ResolveMethods(methodSpec);
            var seedList = seedSpec != null ? ComparisonRunner.ParseSeeds(seedSpec) : null;
            var weightingList = weightingSpec != null ? ComparisonRunner.ResolveWeightings(weightingSpec) : null;
            AdaShare.Native.TorchRuntime.EnsureLoaded();
            var runner = new ComparisonRunner(config, openSplits, runsDir ?? config.Output.RunsDir, new PlainProgressSink(Math.Max(config.Train.LogEvery, 50)));
            if (seedList == null)
            {
                var table = runner.Run(methodList, null, weightingList);
                var (md, csv, png) = ComparisonReport.Write(table, runner.Root, config.Name);
                Print(table);
                AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(md)}[/], [bold]{Markup.Escape(csv)}[/], [bold]{Markup.Escape(png)}[/]");
                return 0;
            }
            var perSeed = new List<(int Seed, ComparisonTable Table)>();
            foreach (int seed in seedList)
            {
                var table = runner.Run(methodList, seed, weightingList);
                ComparisonReport.Write(table, runner.SeedRoot(seed), $"{config.Name} (seed {seed})");
                perSeed.Add((seed, table));
            }
            var summary = SeedSummary.Build(perSeed);
            var (summaryMd, summaryCsv) = ComparisonReport.WriteSeeds(summary, runner.Root, config.Name);
            AnsiConsole.Write(new Markup(Markup.Escape(summary.ToMarkdown($"{config.Name}: mean ± std over seeds"))));
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(summaryMd)}[/], [bold]{Markup.Escape(summaryCsv)}[/] and seed-S/compare.* per seed");
            return 0;
        });
    }

    /// <summary>
    /// One cell of a comparison — one method, one seed — trained (or resumed) into the folder the full comparison uses:
    /// &lt;root&gt;/&lt;method&gt; for the config's seed, &lt;root&gt;/seed-S/&lt;method&gt; with --seed S. Independent cells run as
    /// separate jobs (a Slurm array, one Kubernetes pod each); a later `compare` reuses the finished runs for its table.
    /// </summary>
    public static int RunCell(string configPath, string method, int? seed, string? runsDir, IReadOnlyList<string> overrides,
        Func<ExperimentConfig, DataSplits> openSplits)
    {
        return Cli.Guard(() =>
        {
            var config = ConfigLoader.WithOverrides(ConfigLoader.Load(configPath), overrides, configPath);
            if (ComparisonRunner.ResolveMethods(method) is not [var name] || method.Contains(','))
                throw new ConfigException($"--only: give one method (known: {string.Join(", ", Methods.MethodRegistry.Names)})");
            if (config.Threads > 0)
                set_num_threads(config.Threads);
            AdaShare.Native.TorchRuntime.EnsureLoaded();
            var runner = new ComparisonRunner(config, openSplits, runsDir ?? config.Output.RunsDir, new PlainProgressSink(Math.Max(config.Train.LogEvery, 50)));
            // the same run directory and config as the whole comparison would use, so a later `compare` reuses the cell
            runner.Run([name], seed);
            string dir = runner.RunDirectoryOf(name, seed);
            Summary.Print(new RunDirectory(dir), new RunDirectory(dir).LoadState());
            return 0;
        });
    }

    private static void Print(ComparisonTable table)
    {
        var t = new Table();
        foreach (string h in table.Header())
            t.AddColumn(new TableColumn(Markup.Escape(h)) { Alignment = h == "method" ? Justify.Left : Justify.Right });
        foreach (var cells in table.Cells())
            t.AddRow(cells.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(t);
    }
}
