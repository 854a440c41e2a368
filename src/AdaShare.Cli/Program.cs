using System.CommandLine;
using AdaShare.Cli.Commands;

var root = new RootCommand("adashare — AdaShare multi-task learning (learn what to share) for .NET");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
int code = root.Parse(args).Invoke();
// One failed rank of an mpirun job ends them all (the others would wait in the next collective); the run directory
// keeps its last complete checkpoint, so `train --resume` continues.
return AdaShare.Distributed.JobLaunch.Finish(code);
