namespace AdaShare.Distributed;

/// <summary>
/// COMM_WORLD of an Open MPI job. Initialised once per process with MPI_THREAD_MULTIPLE (Open MPI grants it);
/// collectives on more than 2^31 − 1 elements are split into several calls (MPI counts are 32-bit).
/// </summary>
public sealed unsafe class MpiCommunicator : ICommunicator
{
    private const int MaxCount = int.MaxValue;
    private readonly MpiLibrary mpi;
    private bool disposed;

    internal MpiCommunicator(MpiLibrary mpi)
    {
        this.mpi = mpi;
        int initialized;
        mpi.Check(mpi.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            int provided;
            mpi.Check(mpi.InitThread(null, null, MpiLibrary.ThreadMultiple, &provided), "MPI_Init_thread");
        }
        int rank, size;
        mpi.Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
        mpi.Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
    }

    public int Rank { get; }
    public int Size { get; }
    public string LibraryPath => mpi.Path;

    public void AllReduceSum(float* data, long count)
    {
        for (long offset = 0; offset < count; offset += MaxCount)
            mpi.Check(mpi.AllReduce(MpiLibrary.InPlace, data + offset, (int)Math.Min(MaxCount, count - offset), mpi.Float, mpi.Sum, mpi.CommWorld), "MPI_Allreduce");
    }

    public void AllReduceSum(double* data, long count)
    {
        for (long offset = 0; offset < count; offset += MaxCount)
            mpi.Check(mpi.AllReduce(MpiLibrary.InPlace, data + offset, (int)Math.Min(MaxCount, count - offset), mpi.Double, mpi.Sum, mpi.CommWorld), "MPI_Allreduce");
    }

    public void Broadcast(void* data, long bytes, int root)
    {
        for (long offset = 0; offset < bytes; offset += MaxCount)
            mpi.Check(mpi.Bcast((byte*)data + offset, (int)Math.Min(MaxCount, bytes - offset), mpi.Byte, root, mpi.CommWorld), "MPI_Bcast");
    }

    public void Barrier() => mpi.Check(mpi.BarrierFn(mpi.CommWorld), "MPI_Barrier");

    public void Abort(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        mpi.AbortFn(mpi.CommWorld, exitCode);
        Environment.Exit(exitCode); // MPI_Abort does not return; this is for a library that does
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        int finalized;
        if (mpi.Finalized(&finalized) == MpiLibrary.Success && finalized == 0)
            mpi.Finalize();
    }
}
