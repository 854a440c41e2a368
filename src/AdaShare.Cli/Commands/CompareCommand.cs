using System.CommandLine;
using AdaShare.Comparison;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Training;
using Spectre.Console;
using static TorchSharp.torch;
using AdaShare.Experiments;

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
        var jobs = new Option<int?>("--jobs") { Description = "train up to N methods at once as child processes, each with its share of the threads (default: 2 where the config allows 2 or more threads; 1: one after another)" };
        var command = new Command("compare", "Train and evaluate AdaShare and the baselines on one config; write compare.md/csv/png.");
        command.Options.Add(config);
        command.Options.Add(methods);
        command.Options.Add(runsDir);
        command.Options.Add(set);
        command.Options.Add(seeds);
        command.Options.Add(weightings);
        command.Options.Add(only);
        command.Options.Add(seed);
        command.Options.Add(jobs);
        command.SetAction(r => r.GetValue(only) is { } method
            ? RunCell(r.GetValue(config)!, method, r.GetValue(seed), r.GetValue(runsDir), r.GetValue(set) ?? Array.Empty<string>(), AdaShare.Data.DatasetFactory.OpenSplits)
            : r.GetValue(seed) != null ? Cli.Guard(() => throw new ConfigException("--seed picks the seed of one cell: use it with --only METHOD (or --seeds for every method)"))
            : Run(r.GetValue(config)!, r.GetValue(methods) ?? ComparisonRunner.AllMethods, r.GetValue(runsDir),
                r.GetValue(set) ?? Array.Empty<string>(), AdaShare.Data.DatasetFactory.OpenSplits, r.GetValue(seeds), r.GetValue(weightings), r.GetValue(jobs)));
        return command;
    }

    public static int Run(string configPath, string methodSpec, string? runsDir, IReadOnlyList<string> overrides,
        Func<ExperimentConfig, DataSplits> openSplits, string? seedSpec = null, string? weightingSpec = null, int? jobCount = 1)
    {
        return Cli.Guard(() =>
        {
            if (jobCount < 1)
                throw new ConfigException("--jobs: give a number of processes >= 1");
            var config = ConfigLoader.WithOverrides(ConfigLoader.Load(configPath), overrides, configPath);
            int jobs = jobCount ?? ParallelJobs.DefaultJobs(config.Threads);
            int threads = ParallelJobs.Threads(config.Threads);
            if (threads > 0)
                set_num_threads(threads);
            var methodList = ComparisonRunner.ResolveMethods(methodSpec);
            var seedList = seedSpec != null ? ComparisonRunner.ParseSeeds(seedSpec) : null;
            var weightingList = weightingSpec != null ? ComparisonRunner.ResolveWeightings(weightingSpec) : null;
            AdaShare.Native.TorchRuntime.EnsureLoaded();
            var runner = new ComparisonRunner(config, openSplits, runsDir ?? config.Output.RunsDir, new PlainProgressSink(Math.Max(config.Train.LogEvery, 50)));
            if (jobs > 1)
                TrainCellsInParallel(runner, configPath, methodList, seedList, weightingList, runsDir, overrides, jobs);
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
            var adaShareRuns = methodList.Contains(AdaShare.Methods.AdaShare.AdaShareNames.Method)
                ? seedList.Select(s => (s, runner.RunDirectoryOf(AdaShare.Methods.AdaShare.AdaShareNames.Method, s))).ToList()
                : null;
            var (summaryMd, summaryCsv) = ComparisonReport.WriteSeeds(summary, runner.Root, config.Name, adaShareRuns);
            AnsiConsole.Write(new Markup(Markup.Escape(summary.ToMarkdown($"{config.Name}: mean ± std over seeds"))));
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(summaryMd)}[/], [bold]{Markup.Escape(summaryCsv)}[/] and seed-S/compare.* per seed");
            return 0;
        });
    }

    /// <summary>
    /// One cell of a comparison — one method (or "method+weighting", a cell of --weightings), one seed — trained (or
    /// resumed) into the folder the full comparison uses: &lt;root&gt;/&lt;cell&gt; for the config's seed, &lt;root&gt;/seed-S/&lt;cell&gt;
    /// with --seed S. Independent cells run as
    /// separate jobs (a Slurm array, one Kubernetes pod each); a later `compare` reuses the finished runs for its table.
    /// </summary>
    public static int RunCell(string configPath, string method, int? seed, string? runsDir, IReadOnlyList<string> overrides,
        Func<ExperimentConfig, DataSplits> openSplits)
    {
        return Cli.Guard(() =>
        {
            var config = ConfigLoader.WithOverrides(ConfigLoader.Load(configPath), overrides, configPath);
            string[] parts = method.Split('+', 2);
            if (ComparisonRunner.ResolveMethods(parts[0]) is not [var name] || parts[0].Contains(','))
                throw new ConfigException($"--only: give one method (known: {string.Join(", ", Methods.MethodRegistry.Names)}), optionally as METHOD+WEIGHTING");
            var weighting = parts.Length == 2 ? ComparisonRunner.ResolveWeightings(parts[1]) : null;
            if (weighting is { Count: > 1 })
                throw new ConfigException("--only: give one weighting after '+', e.g. hard-sharing+dwa");
            int threads = ParallelJobs.Threads(config.Threads);
            if (threads > 0)
                set_num_threads(threads);
            AdaShare.Native.TorchRuntime.EnsureLoaded();
            var runner = new ComparisonRunner(config, openSplits, runsDir ?? config.Output.RunsDir, new PlainProgressSink(Math.Max(config.Train.LogEvery, 50)));
            // the same run directory and config as the whole comparison would use, so a later `compare` reuses the cell
            runner.Run([name], seed, weighting);
            string dir = runner.RunDirectoryOf(runner.Cells([name], weighting)[0].Label, seed);
            Summary.Print(new RunDirectory(dir), new RunDirectory(dir).LoadState());
            return 0;
        });
    }

    /// <summary>
    /// Trains the unfinished cells (method [× weighting] × seed) as `compare --only` child processes, <paramref name="jobs"/> at a
    /// time with their share of the threads; the table is then built from the finished runs as usual. random-policy
    /// waits for AdaShare (it takes AdaShare's execute rate), so it trains afterwards, in this process.
    /// </summary>
    private static void TrainCellsInParallel(ComparisonRunner runner, string configPath, IReadOnlyList<string> methods, IReadOnlyList<int>? seeds,
        IReadOnlyList<string>? weightings, string? runsDir, IReadOnlyList<string> overrides, int jobs)
    {
        var cells = new List<ParallelJobs.Job>();
        foreach (int? seed in seeds?.Select(s => (int?)s) ?? new int?[] { null })
            foreach (var (method, baseMethod, _) in runner.Cells(methods, weightings))
            {
                if (baseMethod == "random-policy" && methods.Contains("adashare") || ComparisonRunner.Finished(runner.RunDirectoryOf(method, seed)))
                    continue;
                var args = new List<string> { "compare", "--config", configPath, "--only", method };
                if (seed is int s)
                    args.AddRange(new[] { "--seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                if (runsDir != null)
                    args.AddRange(new[] { "--runs-dir", runsDir });
                foreach (string o in overrides)
                    args.AddRange(new[] { "--set", o });
                cells.Add(new ParallelJobs.Job(seed is int sd ? $"{method} (seed {sd})" : method, args));
            }
        if (cells.Count < 2)
            return;
        int parallel = Math.Min(jobs, cells.Count);
        int threads = Math.Max(1, get_num_threads() / parallel);
        AnsiConsole.MarkupLine(Markup.Escape($"training {cells.Count} runs, {parallel} processes side by side, {threads} thread{(threads > 1 ? "s" : "")} each"));
        ParallelJobs.Run(cells, parallel, threads, (cell, line) =>
        {
            // one line per finished phase and the warnings; the per-step lines of several processes would interleave
            if (line.Contains(" done in ", StringComparison.Ordinal) || line.Contains("warning", StringComparison.OrdinalIgnoreCase))
                Console.WriteLine($"{cell.Name}: {line}");
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
