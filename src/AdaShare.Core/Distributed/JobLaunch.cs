using System.Globalization;

namespace AdaShare.Distributed;

/// <summary>
/// Decides whether this process is one rank of an MPI job: launchers announce the job size in the environment
/// (Open MPI's mpirun: OMPI_COMM_WORLD_SIZE; PMIx/Slurm: PMIX_SIZE, PMI_SIZE, SLURM_NTASKS under srun). A process started
/// without a launcher is a single rank and never touches libmpi. ADASHARE_MPI_LIBRARY names another libmpi to load.
/// </summary>
public static class JobLaunch
{
    public const string LibraryVariable = "ADASHARE_MPI_LIBRARY";
    private static ICommunicator? current;

    /// <summary>The communicator of this process (created on first use; one per process, as MPI allows one init).</summary>
    public static ICommunicator Current => current ??= Connect();

    /// <summary>Ranks the launcher announced (1 when none did).</summary>
    public static int AnnouncedSize(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        foreach (string name in new[] { "OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE" })
            if (int.TryParse(environment(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int size) && size > 0)
                return size;
        if (environment("SLURM_STEP_ID") != null && int.TryParse(environment("SLURM_NTASKS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int tasks) && tasks > 0)
            return tasks;
        return 1;
    }

    /// <summary>
    /// MPI when a launcher asked for more than one rank (an error naming the library and the Debian package when it
    /// cannot be loaded); otherwise the single-process communicator.
    /// </summary>
    public static ICommunicator Connect(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        int announced = AnnouncedSize(environment);
        if (announced <= 1)
            return SingleProcess.Instance;
        string library = environment(LibraryVariable) is { Length: > 0 } custom ? custom : MpiLibrary.DefaultName;
        MpiLibrary mpi;
        try
        {
            mpi = MpiLibrary.Load(library);
        }
        catch (DllNotFoundException e)
        {
            throw new UserErrorException($"started as one of {announced} MPI ranks, but {e.Message}", e);
        }
        return new MpiCommunicator(mpi);
    }

    /// <summary>
    /// Ends the process's part of the job: MPI_Finalize after success, MPI_Abort of the whole job after a failure on
    /// any rank (so that no rank waits forever for this one). Returns <paramref name="exitCode"/>.
    /// </summary>
    public static int Finish(int exitCode)
    {
        if (exitCode != 0 && current is { Size: > 1 } comm)
        {
            Console.Error.WriteLine($"rank {comm.Rank} of {comm.Size} failed (exit code {exitCode}); ending the job. The run directory keeps its last checkpoint: resume with `train --resume DIR`.");
            comm.Abort(exitCode);
        }
        Shutdown();
        return exitCode;
    }

    /// <summary>For `adashare doctor`: whether Open MPI's library loads here (without initialising MPI).</summary>
    public static string DescribeLibrary()
    {
        string library = Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } custom ? custom : MpiLibrary.DefaultName;
        try
        {
            MpiLibrary.Load(library);
            return $"{library} loads; run `mpirun -np N adashare train ...`";
        }
        catch (DllNotFoundException e)
        {
            return $"not available ({e.Message}); only needed for mpirun";
        }
    }

    /// <summary>Finalises MPI at the end of the process (a no-op for a single rank).</summary>
    public static void Shutdown()
    {
        current?.Dispose();
        current = null;
    }
}
