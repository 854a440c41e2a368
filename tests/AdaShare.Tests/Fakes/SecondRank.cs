using AdaShare.Distributed;

namespace AdaShare.Tests.Fakes;

/// <summary>
/// Rank 1 of a two-rank job whose rank 0 is not there: collectives leave the data as they are (rank 0's broadcast is
/// this rank's own data, its share of a sum is zero). For code paths that only a non-writing rank takes.
/// </summary>
public sealed class SecondRank : ICommunicator
{
    public int Rank => 1;
    public int Size => 2;
    public unsafe void AllReduceSum(float* data, long count) { }
    public unsafe void AllReduceSum(double* data, long count) { }
    public unsafe void Broadcast(void* data, long bytes, int root) { }
    public void Barrier() { }
    public void Abort(int exitCode) => throw new InvalidOperationException($"rank 1 aborted the job (exit code {exitCode})");
    public void Dispose() { }
}
