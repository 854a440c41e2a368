namespace AdaShare.Distributed;

/// <summary>A job of one rank: every collective is the identity. Used when the process was not started by mpirun.</summary>
public sealed class SingleProcess : ICommunicator
{
    public static readonly SingleProcess Instance = new();

    public int Rank => 0;
    public int Size => 1;

    public unsafe void AllReduceSum(float* data, long count) { }
    public unsafe void AllReduceSum(double* data, long count) { }
    public unsafe void Broadcast(void* data, long bytes, int root) { }
    public void Barrier() { }
    public void Abort(int exitCode) => Environment.Exit(exitCode);
    public void Dispose() { }
}
