using System.CommandLine;
using AdaShare.Inference;
using AdaShare.Interop;
using AdaShare.Native;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>`adashare export`: a finished run's selected model for another framework (PyTorch: state_dict, policy, architecture).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "finished run directory", Required = true };
        var format = new Option<string>("--format") { Description = "pytorch: model.pt (state_dict), policy.json, model.json; load with interop/pytorch/adashare_model.py", DefaultValueFactory = _ => "pytorch" };
        format.AcceptOnlyFromAmong("pytorch");
        var output = new Option<string?>("--out") { Description = "output folder (default: <run>/export/pytorch)" };
        var command = new Command("export", "Export the selected model of a finished run for PyTorch (weights as a state_dict, the policy, the architecture).");
        foreach (var o in new Option[] { run, format, output })
            command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(run)!, r.GetValue(output))));
        return command;
    }

    private static int Run(string runDir, string? output)
    {
        TorchRuntime.EnsureLoaded();
        using var trained = TrainedRun.Open(runDir);
        string outDir = output ?? Path.Combine(trained.Context.Run.Root, "export", "pytorch");
        foreach (string file in PyTorchExport.Write(trained, outDir))
            AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(file)}[/]");
        AnsiConsole.MarkupLine("in Python: [grey]from adashare_model import load_exported; net = load_exported(\"" + Markup.Escape(outDir) + "\")[/] (interop/pytorch/)");
        return 0;
    }
}
