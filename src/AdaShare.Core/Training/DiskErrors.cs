namespace AdaShare.Training;

/// <summary>Turns a failed write into a message that names the file and, for a full disk, says so.</summary>
public static class DiskErrors
{
    private const int ENOSPC = 28, EDQUOT = 122, EFBIG = 27;
    private const int WindowsDiskFull = unchecked((int)0x80070070), WindowsHandleDiskFull = unchecked((int)0x80070027);

    public static bool IsDiskFull(IOException e) =>
        (e.HResult & 0xFFFF) is ENOSPC or EDQUOT or EFBIG || e.HResult is WindowsDiskFull or WindowsHandleDiskFull;

    /// <summary>Always names the file: "disk full while writing X", or "cannot write X: reason" (e.g. a file-size limit).</summary>
    public static IOException Describe(IOException e, string path) =>
        IsDiskFull(e) ? new IOException($"disk full while writing {path}; free some space and resume the run", e)
            : e.Message.Contains(path, StringComparison.Ordinal) ? e : new IOException($"cannot write {path}: {e.Message}", e);

    /// <summary>.NET reports a write past the file-size limit (EFBIG while preallocating) as an ArgumentOutOfRangeException.</summary>
    public static IOException TooLarge(ArgumentOutOfRangeException e, string path) =>
        new($"cannot write {path}: the file would exceed the file system's or the process's file-size limit", e);

    /// <summary>Refuses to start when the run directory's disk cannot hold the next checkpoints (estimate in bytes).</summary>
    public static void EnsureSpace(string directory, long needed)
    {
        string? existing = Path.GetFullPath(directory);
        while (existing != null && !Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing);
        if (existing == null)
            return;
        long free;
        try
        {
            free = new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // no way to know: the writes themselves will report a full disk
        }
        if (free < needed)
            throw new IOException($"not enough disk space for {directory}: {Megabytes(free)} free, the run needs about {Megabytes(needed)} for its checkpoints");
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";
}
