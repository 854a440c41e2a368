using System.CommandLine;
using AdaShare.Inference;
using AdaShare.Native;
using AdaShare.Training;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>`adashare eval`: re-scores a finished run's selected model on a split with a metric mode, into its own metrics.json.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "finished run directory", Required = true };
        var split = new Option<string>("--split") { Description = "split to score", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong(RunEvaluation.Splits.ToArray());
        var metrics = new Option<string?>("--metrics") { Description = "standard, or official-compat (the official code's metric quirks); default: the run's eval.metrics" };
        metrics.AcceptOnlyFromAmong("standard", "official-compat");
        var output = new Option<string?>("--out") { Description = "metrics file to write (default: <run>/eval/<split>-<metrics>/metrics.json; the run's own metrics.json is left as it is)" };
        var command = new Command("eval", "Re-score the trained model of a finished run (any method; AdaShare: the selected candidate) on the test or validation split; writes metrics.json (Δ_T where a single-task reference is configured).");
        foreach (var o in new Option[] { run, split, metrics, output })
            command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(run)!, r.GetValue(split)!, r.GetValue(metrics), r.GetValue(output))));
        return command;
    }

    private static int Run(string runDir, string split, string? mode, string? output)
    {
        TorchRuntime.EnsureLoaded();
        var result = RunEvaluation.Score(runDir, split, c =>
        {
            if (mode != null)
                c.Eval.Metrics = mode;
            return c;
        }, new PlainProgressSink(int.MaxValue));
        string path = output ?? Path.Combine(runDir, "eval", $"{split}-{result.MetricsMode}", "metrics.json");
        new RunDirectory(runDir).WriteJson(path, result);
        MetricsTable.Print(result);
        AnsiConsole.MarkupLine($"metrics: [blue]{Markup.Escape(path)}[/]");
        return 0;
    }
}
