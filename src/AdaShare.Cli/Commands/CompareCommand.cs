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
        var command = new Command("compare", "Train and evaluate AdaShare and the baselines on one config; write compare.md/csv/png.");
        command.Options.Add(config);
        command.Options.Add(methods);
        command.Options.Add(runsDir);
        command.Options.Add(set);
        command.SetAction(r => Run(r.GetValue(config)!, r.GetValue(methods) ?? ComparisonRunner.AllMethods, r.GetValue(runsDir),
            r.GetValue(set) ?? Array.Empty<string>(), OpenSplits));
        return command;
    }

    public static int Run(string configPath, string methodSpec, string? runsDir, IReadOnlyList<string> overrides,
        Func<ExperimentConfig, DataSplits> openSplits)
    {
        try
        {
            var config = ConfigLoader.WithOverrides(ConfigLoader.Load(configPath), overrides, configPath);
            if (config.Threads > 0)
                set_num_threads(config.Threads);
            var methodList = ComparisonRunner.ResolveMethods(methodSpec);
            var runner = new ComparisonRunner(config, openSplits, runsDir ?? config.Output.RunsDir, new LineProgress());
            var table = runner.Run(methodList);
            var (md, csv, png) = ComparisonReport.Write(table, runner.Root, config.Name);
            Print(table);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(md)}[/], [bold]{Markup.Escape(csv)}[/], [bold]{Markup.Escape(png)}[/]");
            return 0;
        }
        catch (Exception e) when (e is ConfigException or InvalidDataException or FileNotFoundException or NonFiniteLossException or NotImplementedException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
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

    // TODO(lead): replace with AdaShare.Data.DatasetFactory.OpenSplits(config) once the dataset factory is merged;
    // this branch has no dataset factory, so `compare` can only run through ComparisonRunner with injected data.
    private static DataSplits OpenSplits(ExperimentConfig config) =>
        throw new NotImplementedException($"no dataset factory in this build for data.dataset '{config.Data.Dataset}' (to be wired: AdaShare.Data.DatasetFactory.OpenSplits)");

    /// <summary>Plain progress lines: phase start and end, messages, and the loss every log_every steps.</summary>
    private sealed class LineProgress : IProgressSink
    {
        private readonly Dictionary<string, long> totals = new();

        public void PhaseStarted(string phase, string description, long totalSteps, long completedSteps)
        {
            totals[phase] = totalSteps;
            AnsiConsole.MarkupLine($"[blue]{Markup.Escape(phase)}[/]: {Markup.Escape(description)} ({completedSteps}/{totalSteps})");
        }

        public void Step(string phase, long completedSteps, IReadOnlyDictionary<string, double> scalars)
        {
            long total = totals.GetValueOrDefault(phase);
            if (completedSteps == total || completedSteps % Math.Max(1, total / 10) == 0)
                AnsiConsole.MarkupLine($"  {Markup.Escape(phase)} {completedSteps}/{total} loss {scalars.GetValueOrDefault("loss"):0.####}");
        }

        public void PhaseFinished(string phase) => AnsiConsole.MarkupLine($"[green]{Markup.Escape(phase)} done[/]");
        public void Message(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));
    }
}
