using System.CommandLine;
using AdaShare.Cli.Commands;

// Before anything touches torch: an installed tool carries TorchSharp's library unpatched (docs/torchsharp-debian12.md).
AdaShare.Native.NativeLibraryFix.Apply(typeof(TorchSharp.torch).Assembly);

// Output to a file or pipe (nohup, CI, job logs) has no terminal width; Spectre would assume 80 columns and squeeze a
// wide metrics table into one character per cell. Tables then keep their natural width.
if (Console.IsOutputRedirected)
    Spectre.Console.AnsiConsole.Profile.Width = 1000;

var root = new RootCommand("adashare — AdaShare multi-task learning (learn what to share) for .NET");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(SummaryCommand.Create());
root.Subcommands.Add(PoliciesCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
int code = root.Parse(args).Invoke();
// One failed rank of an mpirun job ends them all (the others would wait in the next collective); the run directory
// keeps its last complete checkpoint, so `train --resume` continues.
return AdaShare.Distributed.JobLaunch.Finish(code);
