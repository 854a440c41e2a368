namespace AdaShare.Distributed;

/// <summary>
/// The processes of one job (MPI's COMM_WORLD, or just this process). Every collective must be called by every rank
/// in the same order; buffers are raw CPU memory (a pinned array or a CPU tensor's data pointer).
/// </summary>
public interface ICommunicator : IDisposable
{
    int Rank { get; }
    int Size { get; }

    /// <summary>Rank 0 writes the run directory; the others only read it.</summary>
    bool IsRoot => Rank == 0;

    /// <summary>Element-wise sum of <paramref name="count"/> float32 values over all ranks, in place.</summary>
    unsafe void AllReduceSum(float* data, long count);

    /// <summary>Element-wise sum of float64 values over all ranks, in place (statistics, counts).</summary>
    unsafe void AllReduceSum(double* data, long count);

    /// <summary>Copies <paramref name="bytes"/> bytes from rank <paramref name="root"/> to every rank.</summary>
    unsafe void Broadcast(void* data, long bytes, int root);

    void Barrier();

    /// <summary>Ends every rank of the job (after one rank failed, so that the others do not wait forever).</summary>
    void Abort(int exitCode);
}
