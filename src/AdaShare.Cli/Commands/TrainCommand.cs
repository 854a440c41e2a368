using System.CommandLine;
using System.Globalization;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Distributed;
using AdaShare.Methods.AdaShare;
using AdaShare.Methods;
using AdaShare.Model.Policy;
using AdaShare.Native;
using AdaShare.Training;
using Spectre.Console;
using TorchSharp;
using AdaShare.Experiments;

namespace AdaShare.Cli.Commands;

/// <summary>`adashare train`: runs a method's phases on a config's data into a run directory; resumable.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "experiment YAML (e.g. configs/scenes-3task.yaml)" };
        var runDir = new Option<string?>("--run-dir") { Description = "run directory (default: <runs_dir>/<name>-<time>); an existing one with the same config is resumed" };
        var resume = new Option<string?>("--resume") { Description = "resume the run in this directory with its saved config" };
        var phase = new Option<string?>("--phase") { Description = "run only this phase (re-running it and invalidating later ones)" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (overrides the config)" };
        var seed = new Option<int?>("--seed") { Description = "overrides the config's seed" };
        var set = new Option<string[]>("--set") { Description = "override a config value: --set train.warmup_iters=100 (repeatable)", AllowMultipleArgumentsPerToken = false };
        var plain = new Option<bool>("--plain") { Description = "plain log lines instead of progress bars" };
        var candidate = new Option<string?>("--candidate") { Description = "with --resume: re-train only this sampled candidate (e.g. sample-1) and write its result, for job arrays" };
        var awaitCandidates = new Option<int?>("--await-candidates") { Description = "re-train phase: do not re-train, collect --candidate results, waiting up to this many seconds for missing ones" };
        var until = new Option<string?>("--until") { Description = "stop after this phase (e.g. sample, before fanning re-trains out with --candidate)" };
        var jobs = new Option<int?>("--jobs") { Description = "re-train up to N sampled candidates at once as child processes, each with its share of the threads (default: 2 where the config allows 2 or more threads; 1: one after another)" };
        var command = new Command("train", "Train and evaluate: AdaShare's warm-up → policy learning → sampling → re-training → evaluation → report (or a baseline's phases).");
        foreach (var o in new Option[] { config, runDir, resume, phase, until, candidate, awaitCandidates, jobs, device, seed, set, plain })
            command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(config), r.GetValue(runDir), r.GetValue(resume), r.GetValue(phase),
            r.GetValue(device), r.GetValue(seed), r.GetValue(set) ?? Array.Empty<string>(), r.GetValue(plain), r.GetValue(until),
            r.GetValue(candidate), r.GetValue(awaitCandidates), r.GetValue(jobs))));
        return command;
    }

    private static int Run(string? configPath, string? runDirPath, string? resumePath, string? phase, string? device, int? seed, string[] sets, bool plain, string? until,
        string? candidate = null, int? awaitSeconds = null, int? jobCount = null)
    {
        if (jobCount < 1)
            throw new ConfigException("--jobs: give a number of processes >= 1");

        if (candidate != null && resumePath == null)
            throw new ConfigException("--candidate NAME needs --resume RUN_DIR (a run whose sample phase finished)");
        if (awaitSeconds < 0)
            throw new ConfigException("--await-candidates: give a number of seconds >= 0");
        var awaitCandidates = awaitSeconds is int sec ? TimeSpan.FromSeconds(sec) : (TimeSpan?)null;
        // Under mpirun this process is one rank of a data-parallel job; started alone, the only rank.
        var comm = JobLaunch.Current;
        bool root = comm.IsRoot;
        // Everything is validated — config, phase, device, data — before anything is created or changed on disk.
        ExperimentConfig config;
        RunDirectory run;
        IReadOnlyList<string> resumeChanges = Array.Empty<string>();
        bool fresh = false;
        if (resumePath != null)
        {
            run = new RunDirectory(OpenExisting(resumePath)) { Comm = comm };
            if (configPath != null && root)
                AnsiConsole.MarkupLine("[yellow]note:[/] --resume uses the run's saved config.yaml; --config is ignored");
            if (runDirPath != null)
                throw new ConfigException("--run-dir: not with --resume (the run directory is the one given to --resume)");
            if (seed != null)
                throw new ConfigException("--seed: cannot change when resuming (the checkpoints were made with the saved seed)");
            var overrides = sets.ToList();
            if (device != null)
                overrides.Add($"device={device}");
            (config, resumeChanges) = ResumeOverrides.Apply(ConfigLoader.Load(run.ConfigPath), overrides, run.ConfigPath);
        }
        else
        {
            if (configPath == null)
                throw new ConfigException("give --config FILE (or --resume RUN_DIR)");
            config = Configure(ConfigLoader.Load(configPath), configPath, device, seed, sets);
            string dir = runDirPath ?? Path.Combine(config.Output.RunsDir, $"{config.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            run = new RunDirectory(TextBroadcast.FromRoot(comm, dir)) { Comm = comm };
            if (File.Exists(run.ConfigPath))
            {
                if (!ConfigYaml.SavedEquals(run.ConfigPath, config))
                    throw new ConfigException($"{run.Root} already holds a run with a different config; use --resume {run.Root} or another --run-dir");
                if (root)
                    AnsiConsole.MarkupLine($"[grey]resuming the run in {Markup.Escape(run.Root)}[/]");
            }
            else
                fresh = true;
        }
        Trainer.CheckPhaseName(config.Method, phase);
        int jobs = jobCount ?? ParallelJobs.DefaultJobs(config.Threads);
        Prepare(config);
        var data = DatasetFactory.OpenSplits(config);
        if (root)
            DiskErrors.EnsureSpace(run.Root, CheckpointSpace.Estimate(config, data, run));

        // Only while writing: a `--candidate` job changes nothing here, and its parent run holds the lock meanwhile.
        using (root && (fresh || resumeChanges.Count > 0) ? RunLock.Acquire(run) : null)
        {
            if (fresh)
                run.WriteText(run.ConfigPath, ConfigYaml.ToYaml(config));
            if (resumeChanges.Count > 0)
            {
                run.WriteText(run.ConfigPath, ConfigYaml.ToYaml(config));
                foreach (string change in resumeChanges)
                {
                    run.AppendRunLog($"resume --set {change}");
                    if (root)
                        AnsiConsole.MarkupLine($"[yellow]changed on resume:[/] {Markup.Escape(change)} (recorded in run-log.txt)");
                }
            }
        }
        comm.Barrier(); // the other ranks read what rank 0 has checked and written
        if (comm.Size > 1)
            return RunRank(config, data, run, phase, until, candidate, awaitCandidates);

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(config.Name)}[/] — {Markup.Escape(MethodRegistry.Get(config.Method).Description)}");
        AnsiConsole.MarkupLine($"run directory: [blue]{Markup.Escape(run.Root)}[/]");
        RunState? state;
        if (plain || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var ctx = new TrainingContext(config, data, run, new PlainProgressSink(Math.Max(config.Train.LogEvery, 10))) { AwaitCandidates = awaitCandidates, Jobs = jobs };
            if (candidate != null)
            {
                AnsiConsole.MarkupLine(Markup.Escape(CandidateFanOut.RunOne(ctx, candidate)));
                return 0;
            }
            state = Trainer.Run(ctx, phase, until);
        }
        else
        {
            state = AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var ctx = new TrainingContext(config, data, run, new SpectreProgressSink(progress)) { AwaitCandidates = awaitCandidates, Jobs = jobs };
                    if (candidate == null)
                        return Trainer.Run(ctx, phase, until);
                    progress.Refresh();
                    string done = CandidateFanOut.RunOne(ctx, candidate);
                    AnsiConsole.MarkupLine(Markup.Escape(done));
                    return (RunState?)null;
                });
            if (state == null)
                return 0;
        }
        Summary.Print(run, state);
        var remaining = Trainer.Remaining(config.Method, state);
        if (remaining.Count > 0)
            AnsiConsole.MarkupLine($"phases still to run: {Markup.Escape(string.Join(", ", remaining))} — continue with [blue]adashare train --resume {Markup.Escape(run.Root)}[/]");
        return 0;
    }

    public static ExperimentConfig Configure(ExperimentConfig config, string source, string? device, int? seed, IEnumerable<string> sets)
    {
        var overrides = sets.ToList();
        if (device != null)
            overrides.Add($"device={device}");
        if (seed != null)
            overrides.Add($"seed={seed}");
        return ConfigLoader.WithOverrides(config, overrides, source);
    }

    /// <summary>
    /// One rank of an mpirun job: rank 0 prints plain progress lines and writes the run directory, the others train
    /// silently. A failure on any rank ends the whole job (see Program).
    /// </summary>
    private static int RunRank(ExperimentConfig config, DataSplits data, RunDirectory run, string? phase, string? until, string? candidate, TimeSpan? awaitCandidates)
    {
        var comm = run.Comm;
        if (comm.IsRoot)
            Console.WriteLine($"{config.Name}: {comm.Size} MPI ranks, {config.Train.BatchSize / comm.Size} of every {config.Train.BatchSize} samples each" +
                              $"{(config.Train.SyncBn ? ", synchronised batch norm" : "")}; run directory {run.Root}");
        var sink = comm.IsRoot ? new PlainProgressSink(Math.Max(config.Train.LogEvery, 10)) : (IProgressSink)NullProgressSink.Instance;
        var ctx = new TrainingContext(config, data, run, sink) { AwaitCandidates = awaitCandidates };
        if (candidate != null)
        {
            string done = CandidateFanOut.RunOne(ctx, candidate);
            if (comm.IsRoot)
                Console.WriteLine(done);
            return 0;
        }
        var state = Trainer.Run(ctx, phase, until);
        var allReduce = ctx.Parallel.AllReduceTime.TotalSeconds;
        if (comm.IsRoot)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gradient all-reduce on rank 0: {allReduce:F2} s in total"));
            Summary.Print(run, state);
        }
        return 0;
    }

    private static void Prepare(ExperimentConfig config)
    {
        TorchRuntime.EnsureLoaded();
        int threads = ParallelJobs.Threads(config.Threads);
        if (threads > 0)
            torch.set_num_threads(threads);
        if (config.Device.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
            throw new ConfigException($"device '{config.Device}': CUDA is not available in this build (TorchSharp-cpu); use --device cpu, or build with -p:TorchBackend=cuda on a CUDA machine");
    }

    private static string OpenExisting(string path)
    {
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"--resume: {path} does not exist");
        if (!File.Exists(RunDirectory.ConfigFileOf(path)))
            throw new FileNotFoundException($"--resume: {path} is not a run directory (no config.yaml)");
        return path;
    }
}

/// <summary>Terminal summary of a finished run: test metrics, policy and parameter counts.</summary>
public static class Summary
{
    public static void Print(RunDirectory run, RunState state)
    {
        if (File.Exists(run.MetricsJson))
            MetricsTable.Print(RunMetrics.Load(run.MetricsJson));
        if (File.Exists(run.PolicyJson))
        {
            var policy = TaskPolicy.FromJson(File.ReadAllText(run.PolicyJson), run.PolicyJson);
            var table = new Table().Title("policy (■ execute, · skip)").AddColumn("block");
            foreach (string t in policy.TaskNames)
                table.AddColumn(new TableColumn(Markup.Escape(t)).Centered());
            for (int l = 0; l < policy.Blocks; l++)
                table.AddRow(new[] { l.ToString(CultureInfo.InvariantCulture) }.Concat(Enumerable.Range(0, policy.Tasks).Select(k => policy.Executes(k, l) ? "■" : "·")).ToArray());
            AnsiConsole.Write(table);
        }
        if (File.Exists(run.ReportMd))
            AnsiConsole.MarkupLine($"report: [blue]{Markup.Escape(run.ReportMd)}[/]");
    }
}
