using System.Text;

namespace AdaShare.Distributed;

/// <summary>Rank 0's string on every rank (a run directory name chosen from the clock, say).</summary>
public static class TextBroadcast
{
    public static unsafe string FromRoot(ICommunicator comm, string text)
    {
        if (comm.Size == 1)
            return text;
        long length = comm.IsRoot ? Encoding.UTF8.GetByteCount(text) : 0;
        comm.Broadcast(&length, sizeof(long), 0);
        var bytes = comm.IsRoot ? Encoding.UTF8.GetBytes(text) : new byte[length];
        fixed (byte* data = bytes)
            comm.Broadcast(data, length, 0);
        return Encoding.UTF8.GetString(bytes);
    }
}
