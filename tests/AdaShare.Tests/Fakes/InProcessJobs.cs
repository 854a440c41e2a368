using AdaShare.Training;

namespace AdaShare.Tests.Fakes;

/// <summary>
/// A launcher that runs each job in this process with <see cref="RunJob"/> (what the child process would do) and
/// records every call, so tests can check which jobs the fan-out started without a CLI executable to start.
/// </summary>
public sealed class InProcessJobs : IJobLauncher
{
    public required Action<ParallelJobs.Job> RunJob { get; init; }
    public List<(IReadOnlyList<ParallelJobs.Job> Jobs, int Parallel, int ThreadsEach)> Calls { get; } = new();

    public void Run(IReadOnlyList<ParallelJobs.Job> jobs, int parallel, int threadsEach, Action<ParallelJobs.Job, string> onLine)
    {
        Calls.Add((jobs, parallel, threadsEach));
        foreach (var job in jobs)
            RunJob(job);
    }

    /// <summary>The value after <paramref name="option"/> in a job's arguments.</summary>
    public static string Option(ParallelJobs.Job job, string option) =>
        job.Arguments[job.Arguments.ToList().IndexOf(option) + 1];
}
