using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace AdaShare.Training;

/// <summary>
/// Independent jobs of this same program (a sampled candidate's re-train, one method of a comparison) run as parallel
/// child processes, each with its share of the threads. On the small feature maps of CPU configs one process cannot
/// keep two cores busy and two processes with one thread each can (bench/README.md, "--jobs").
/// </summary>
public static class ParallelJobs
{
    /// <summary>How a child learns its thread count; it wins over the config's <c>threads</c> (which stays unchanged,
    /// so the child's run directory keeps the same config).</summary>
    public const string ThreadsVariable = "ADASHARE_JOB_THREADS";

    /// <summary>One child: a name for messages and the command-line arguments of this program.</summary>
    public sealed record Job(string Name, IReadOnlyList<string> Arguments);

    /// <summary>True inside a child started by <see cref="Run"/>: it runs its jobs in-process, never spawns more.</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(ThreadsVariable) != null;

    /// <summary>libtorch threads for this process: the parent's share inside a child, else the config's (0: libtorch's default).</summary>
    public static int Threads(int configThreads) =>
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : configThreads;

    /// <summary>
    /// The default number of parallel jobs for a process allowed <paramref name="configThreads"/> threads (0: one per
    /// core): up to two, never more than the threads (measured faster than one process with two threads on the 2-core
    /// CPU configs, bench/README.md); one inside a child.
    /// </summary>
    public static int DefaultJobs(int configThreads) =>
        IsChild ? 1 : Math.Clamp(configThreads > 0 ? configThreads : Environment.ProcessorCount, 1, 2);

    /// <summary>The launcher that starts jobs as child processes of this program (<see cref="Run"/>).</summary>
    public static IJobLauncher ChildProcesses { get; } = new ChildProcessLauncher();

    private sealed class ChildProcessLauncher : IJobLauncher
    {
        public void Run(IReadOnlyList<Job> jobs, int parallel, int threadsEach, Action<Job, string> onLine) =>
            ParallelJobs.Run(jobs, parallel, threadsEach, onLine);
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> as child processes of this program, <paramref name="parallel"/> at a time, each with
    /// <paramref name="threadsEach"/> libtorch threads; every stdout line goes to <paramref name="onLine"/> (one call at a
    /// time). Waits for all, then throws naming every failed job with its last error line.
    /// </summary>
    public static void Run(IReadOnlyList<Job> jobs, int parallel, int threadsEach, Action<Job, string> onLine)
    {
        var gate = new object();
        var failures = new List<string>();
        System.Threading.Tasks.Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, job =>
        {
            string? failure = RunOne(job, threadsEach, line => { lock (gate) onLine(job, line); });
            if (failure != null)
                lock (failures) failures.Add(failure);
        });
        if (failures.Count > 0)
            throw new InvalidOperationException(string.Join("; ", failures));
    }

    private static string? RunOne(Job job, int threads, Action<string> onLine)
    {
        var start = SelfStart(job.Arguments);
        string share = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment[ThreadsVariable] = share;
        start.Environment["OMP_NUM_THREADS"] = share;
        start.Environment["MKL_NUM_THREADS"] = share;
        string lastError = "";
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lastError = e.Data.Trim(); };
        // A child outlives nothing: stopping this process (SIGTERM, end of the job) stops it too.
        EventHandler stop = (_, _) =>
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // not started or already gone
        };
        AppDomain.CurrentDomain.ProcessExit += stop;
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= stop;
        }
        return process.ExitCode == 0 ? null : $"{job.Name} failed (exit code {process.ExitCode}){(lastError.Length > 0 ? ": " + lastError : "")}";
    }

    /// <summary>This program again: its own executable, or `dotnet program.dll` when it was started that way.</summary>
    private static ProcessStartInfo SelfStart(IEnumerable<string> arguments)
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot start parallel jobs: the path of this program is unknown; use --jobs 1");
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("cannot start parallel jobs: no entry assembly; use --jobs 1"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }
}
