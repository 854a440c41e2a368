using System.CommandLine;
using System.Globalization;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Inference;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Native;
using AdaShare.Tasks;
using Spectre.Console;
using TorchSharp;
using AdaShare.Experiments;

namespace AdaShare.Cli.Commands;

/// <summary>
/// `adashare summary`: the architecture of a finished run (its selected policy) or of a config (hard sharing, the
/// network before a policy is learned): blocks × tasks, parameters and multiply-adds per task path and in total,
/// shared vs task-specific parameters.
/// </summary>
public static class SummaryCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "finished run directory (its selected policy and weights)" };
        var config = new Option<string?>("--config") { Description = "experiment YAML: the network with every block shared (no policy learned yet)" };
        var set = new Option<string[]>("--set") { Description = "with --config: override a config value (repeatable)" };
        var command = new Command("summary", "Blocks × tasks (executed / skipped / shared by whom), parameters and multiply-adds per task path and in total, shared vs task-specific parameters.");
        foreach (var o in new Option[] { run, config, set })
            command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(run), r.GetValue(config), r.GetValue(set) ?? Array.Empty<string>())));
        return command;
    }

    private static int Run(string? runDir, string? configPath, string[] sets)
    {
        if (runDir == null == (configPath == null))
            throw new UserErrorException("give either --run DIR or --config FILE");
        TorchRuntime.EnsureLoaded();
        if (runDir != null)
        {
            using var trained = TrainedRun.Open(runDir);
            AnsiConsole.MarkupLine($"run [blue]{Markup.Escape(trained.Context.Run.Root)}[/], selected policy [bold]{Markup.Escape(trained.Candidate.Name)}[/]");
            Print(ModelSummary.Build(trained.Config, trained.Net, trained.Policy), trained.Config);
            return 0;
        }
        var cfg = TrainCommand.Configure(ConfigLoader.Load(configPath!), configPath!, null, null, sets);
        var tasks = TaskSpec.Bind(cfg.Tasks, DatasetFactory.OpenSplits(cfg).Train);
        torch.manual_seed(cfg.Seed);
        using var net = new MultiTaskNet("adashare", cfg.Model, tasks);
        AnsiConsole.MarkupLine($"config [blue]{Markup.Escape(configPath!)}[/]: every task executes every block (hard sharing, before a policy is learned)");
        Print(ModelSummary.Build(cfg, net, TaskPolicy.AllExecute(tasks.Select(t => t.Name).ToList(), net.BlockCount)), cfg);
        return 0;
    }

    private static void Print(ModelSummary s, ExperimentConfig config)
    {
        var names = s.Policy.TaskNames;
        var blocks = new Table().Title("blocks × tasks (■ execute, · skip)").AddColumn("block").AddColumn("stage").AddColumn(new TableColumn("params").RightAligned());
        foreach (string t in names)
            blocks.AddColumn(new TableColumn(Markup.Escape(t)).Centered());
        blocks.AddColumn("role");
        foreach (var b in s.Blocks)
        {
            var cells = new List<string> { b.Block.ToString(CultureInfo.InvariantCulture), (b.Stage + 1).ToString(CultureInfo.InvariantCulture), b.Parameters.ToString("N0", CultureInfo.InvariantCulture) };
            cells.AddRange(names.Select(t => b.ExecutedBy.Contains(t) ? "■" : "·"));
            cells.Add(b.Role switch
            {
                "shared" => b.ExecutedBy.Count == names.Count ? "shared by all" : "shared by " + Markup.Escape(string.Join(", ", b.ExecutedBy)),
                "task-specific" => Markup.Escape(b.ExecutedBy[0]) + " only",
                _ => "[grey]unused (shortcut only)[/]",
            });
            blocks.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(blocks);

        var paths = new Table().Title($"per task path (one {config.Data.Height}×{config.Data.Width} image)").AddColumn("task")
            .AddColumn(new TableColumn("blocks executed").RightAligned()).AddColumn(new TableColumn("parameters").RightAligned()).AddColumn(new TableColumn("multiply-adds").RightAligned());
        for (int k = 0; k < names.Count; k++)
            paths.AddRow(Markup.Escape(names[k]), s.Blocks.Count(b => b.ExecutedBy.Contains(names[k])).ToString(CultureInfo.InvariantCulture),
                s.Cost.ParametersPerTask[names[k]].ToString("N0", CultureInfo.InvariantCulture), s.Cost.MultiplyAddsPerTask[names[k]].ToString("N0", CultureInfo.InvariantCulture));
        paths.AddRow("[bold]all tasks (shared work once)[/]", "", $"[bold]{s.Cost.Parameters.ToString("N0", CultureInfo.InvariantCulture)}[/]", $"[bold]{s.Cost.MultiplyAdds.ToString("N0", CultureInfo.InvariantCulture)}[/]");
        AnsiConsole.Write(paths);

        string Share(long n) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} ({100.0 * n / s.Cost.Parameters:F1}%)");
        AnsiConsole.MarkupLine($"shared parameters (stem, blocks two or more tasks execute, projections every task runs): [bold]{Share(s.SharedParameters)}[/]");
        AnsiConsole.MarkupLine($"task-specific parameters (blocks one task executes, heads): [bold]{Share(s.TaskSpecificParameters)}[/]");
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"for reference: hard sharing {s.HardSharingParameters:N0}, {names.Count} single-task networks {s.SingleTaskParameters:N0}"));
    }
}
