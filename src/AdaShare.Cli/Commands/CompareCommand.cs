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
        var only = new Option<string?>("--only") { Description = "run one cell: this method only (no table), for job arrays; with --seed into <root>/seed-S/<method>" };
        var seed = new Option<int?>("--seed") { Description = "with --only: the seed of the cell" };
        var command = new Command("compare", "Train and evaluate AdaShare and the baselines on one config; write compare.md/csv/png.");
        command.Options.Add(config);
        command.Options.Add(methods);
        command.Options.Add(runsDir);
        command.Options.Add(set);
        command.Options.Add(only);
        command.Options.Add(seed);
        command.SetAction(r => r.GetValue(only) is { } method
            ? RunCell(r.GetValue(config)!, method, r.GetValue(seed), r.GetValue(runsDir), r.GetValue(set) ?? Array.Empty<string>(), AdaShare.Data.DatasetFactory.OpenSplits)
            : r.GetValue(seed) != null ? Cli.Guard(() => throw new ConfigException("--seed picks the seed of one cell: use it with --only METHOD"))
            : Run(r.GetValue(config)!, r.GetValue(methods) ?? ComparisonRunner.AllMethods, r.GetValue(runsDir),
            r.GetValue(set) ?? Array.Empty<string>(), AdaShare.Data.DatasetFactory.OpenSplits));
        return command;
    }

    public static int Run(string configPath, string methodSpec, string? runsDir, IReadOnlyList<string> overrides,
        Func<ExperimentConfig, DataSplits> openSplits)
    {
        return Cli.Guard(() =>
        {
            var config = ConfigLoader.WithOverrides(ConfigLoader.Load(configPath), overrides, configPath);
            if (config.Threads > 0)
                set_num_threads(config.Threads);
            var methodList = ComparisonRunner.ResolveMethods(methodSpec);
            AdaShare.Native.TorchRuntime.EnsureLoaded();
            var runner = new ComparisonRunner(config, openSplits, runsDir ?? config.Output.RunsDir, new PlainProgressSink(Math.Max(config.Train.LogEvery, 50)));
            var table = runner.Run(methodList);
            var (md, csv, png) = ComparisonReport.Write(table, runner.Root, config.Name);
            Print(table);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(md)}[/], [bold]{Markup.Escape(csv)}[/], [bold]{Markup.Escape(png)}[/]");
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
            string root = seed is int s ? Path.Combine(runner.Root, $"seed-{s.ToString(System.Globalization.CultureInfo.InvariantCulture)}") : runner.Root;
            string dir = Path.Combine(root, name);
            var cellConfig = runner.ConfigFor(name);
            if (seed is int sd)
            {
                cellConfig.Seed = sd;
                // random-policy takes the execute rate AdaShare learned with the same seed, when that cell has finished.
                if (name == "random-policy" && ComparisonRunner.Finished(Path.Combine(root, "adashare")))
                    cellConfig.Policy.RandomExecuteRate = RunMetrics.Load(Path.Combine(root, "adashare", "metrics.json")).ExecuteRate;
            }
            string yaml = ConfigLoader.ToYaml(cellConfig);
            var run = new RunDirectory(dir);
            if (File.Exists(run.ConfigPath) && File.ReadAllText(run.ConfigPath) != yaml)
                throw new ConfigException($"{dir} holds a run of a different config (config.yaml differs); delete that folder or pass another --runs-dir");
            if (ComparisonRunner.Finished(dir))
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(name)}: finished run in {Markup.Escape(dir)}");
                return 0;
            }
            run.WriteText(run.ConfigPath, yaml);
            AnsiConsole.MarkupLine($"{Markup.Escape(name)}{(seed is int x ? $" (seed {x})" : "")}: training into {Markup.Escape(dir)}");
            Trainer.Run(new TrainingContext(cellConfig, openSplits(cellConfig), run, new PlainProgressSink(Math.Max(config.Train.LogEvery, 50))));
            Summary.Print(run, run.LoadState());
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
