using System.Diagnostics;
using System.Globalization;

namespace AdaShare.Training;

/// <summary>
/// One writer per run directory: run.lock holds the owner's process id. A second writer is refused with the owner's
/// id; the lock of a process that no longer exists (killed, crashed) is taken over. Re-entrant within one process.
/// </summary>
public sealed class RunLock : IDisposable
{
    private static readonly Dictionary<string, int> HeldHere = new();
    private readonly string path;

    private RunLock(string path) => this.path = path;

    public static RunLock Acquire(RunDirectory run)
    {
        string path = run.LockPath;
        lock (HeldHere)
        {
            if (HeldHere.TryGetValue(path, out int count))
            {
                HeldHere[path] = count + 1;
                return new RunLock(path);
            }
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    Directory.CreateDirectory(run.Root);
                    if (TryCreate(path))
                        break;
                }
                catch (UnauthorizedAccessException e)
                {
                    throw new UnauthorizedAccessException($"cannot write in {run.Root}: permission denied (while creating its lock file run.lock)", e);
                }
                catch (IOException e) when (DiskErrors.IsDiskFull(e))
                {
                    throw DiskErrors.Describe(e, path);
                }
                int? owner = ReadOwner(path);
                if (owner is int pid && pid != Environment.ProcessId && IsAlive(pid) || attempt > 0)
                    throw new IOException($"{run.Root} is in use by another adashare process (pid {owner?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, lock file {path}); wait for it to finish or stop it");
                File.Delete(path); // stale: its owner is gone
            }
            HeldHere[path] = 1;
            return new RunLock(path);
        }
    }

    public void Dispose()
    {
        lock (HeldHere)
        {
            if (!HeldHere.TryGetValue(path, out int count))
                return;
            if (count > 1)
            {
                HeldHere[path] = count - 1;
                return;
            }
            HeldHere.Remove(path);
            File.Delete(path);
        }
    }

    private static bool TryCreate(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            try
            {
                using var writer = new StreamWriter(stream);
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            }
            catch
            {
                stream.Dispose();
                File.Delete(path); // e.g. disk full: leave no empty lock behind
                throw;
            }
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static int? ReadOwner(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        if (Directory.Exists("/proc/self"))
        {
            // A killed process nobody has reaped yet (a zombie, e.g. a rank whose mpirun was ended) still has its
            // /proc entry but holds nothing: state Z or X in /proc/PID/stat means it is gone.
            string stat;
            try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return true; }
            int close = stat.LastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.Length ? stat[close + 2] : 'R';
            return state is not ('Z' or 'X');
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
