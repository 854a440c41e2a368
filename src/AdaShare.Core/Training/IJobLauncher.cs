namespace AdaShare.Training;

/// <summary>
/// Runs independent jobs of this program side by side and waits for all of them (the sampled candidates' re-trains with
/// `--jobs N`). The default, <see cref="ParallelJobs.ChildProcesses"/>, starts the CLI again as child processes; a host
/// that is not the CLI (a test host, a program using the library) puts its own in <see cref="TrainingContext.Launcher"/>.
/// </summary>
public interface IJobLauncher
{
    /// <summary>
    /// Runs <paramref name="jobs"/>, <paramref name="parallel"/> at a time with <paramref name="threadsEach"/> libtorch
    /// threads each; every output line goes to <paramref name="onLine"/>. Throws naming every failed job.
    /// </summary>
    void Run(IReadOnlyList<ParallelJobs.Job> jobs, int parallel, int threadsEach, Action<ParallelJobs.Job, string> onLine);
}
