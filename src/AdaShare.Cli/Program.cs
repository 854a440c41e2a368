using System.CommandLine;
using AdaShare.Cli.Commands;

// Before anything touches torch: an installed tool carries TorchSharp's library unpatched (docs/torchsharp-debian12.md).
AdaShare.Native.NativeLibraryFix.Apply(typeof(TorchSharp.torch).Assembly);

var root = new RootCommand("adashare — AdaShare multi-task learning (learn what to share) for .NET");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(SummaryCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
return root.Parse(args).Invoke();
