using AdaShare.Distributed;

namespace AdaShare.Tests.Fakes;

/// <summary>
/// Rank 0 of a two-rank job whose rank 1 is not there: collectives leave the data as they are (rank 1's share of a sum
/// is zero; rank 0 is the broadcast's source) and are counted, so a test can tell which synchronisations ran.
/// </summary>
public sealed class RecordingRanks : ICommunicator
{
    public int Rank => 0;
    public int Size => 2;

    /// <summary>float32 values summed over the ranks (gradients), in all.</summary>
    public long FloatsReduced { get; private set; }

    /// <summary>Bytes sent from rank 0 (weights, buffers, replica checks), in all.</summary>
    public long BytesBroadcast { get; private set; }

    public unsafe void AllReduceSum(float* data, long count) => FloatsReduced += count;
    public unsafe void AllReduceSum(double* data, long count) { }
    public unsafe void Broadcast(void* data, long bytes, int root) => BytesBroadcast += bytes;
    public void Barrier() { }
    public void Abort(int exitCode) => throw new InvalidOperationException($"rank 0 aborted the job (exit code {exitCode})");
    public void Dispose() { }
}
