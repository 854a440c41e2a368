using AdaShare.Distributed;

namespace AdaShare.Tests.Distributed;

public sealed class JobLaunchTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void WithoutALauncherTheProcessIsASingleRankAndNeverLoadsMpi()
    {
        var comm = JobLaunch.Connect(Env((JobLaunch.LibraryVariable, "/nonexistent/libmpi.so.40")));
        Assert.Same(SingleProcess.Instance, comm);
        Assert.Equal((0, 1), (comm.Rank, comm.Size));
    }

    [Fact]
    public void LaunchersAnnounceTheJobSize()
    {
        Assert.Equal(4, JobLaunch.AnnouncedSize(Env(("OMPI_COMM_WORLD_SIZE", "4"))));
        Assert.Equal(3, JobLaunch.AnnouncedSize(Env(("PMI_SIZE", "3"))));
        Assert.Equal(2, JobLaunch.AnnouncedSize(Env(("SLURM_STEP_ID", "0"), ("SLURM_NTASKS", "2"))));
        Assert.Equal(1, JobLaunch.AnnouncedSize(Env(("SLURM_NTASKS", "2")))); // sbatch's own shell, not an srun step
    }

    [Fact]
    public void AnUnloadableLibraryUnderALauncherNamesTheLibraryAndThePackage()
    {
        var e = Assert.Throws<UserErrorException>(() =>
            JobLaunch.Connect(Env(("OMPI_COMM_WORLD_SIZE", "2"), (JobLaunch.LibraryVariable, "/nonexistent/libmpi.so.40"))));
        Assert.Contains("/nonexistent/libmpi.so.40", e.Message);
        Assert.Contains("openmpi-bin", e.Message);
        Assert.Contains("2 MPI ranks", e.Message);
    }

    [Fact]
    public void TheCliReportsAnUnloadableLibraryInOneLine()
    {
        var result = MpiJob.Run(0, new[] { "train", "--config", "configs/none.yaml" },
            new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2", [JobLaunch.LibraryVariable] = "/nonexistent/libmpi.so.40" });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot load the MPI library /nonexistent/libmpi.so.40; install the Debian package openmpi-bin", result.Output);
        Assert.DoesNotContain(" at AdaShare.", result.Output);
    }
}
