namespace AdaShare;

/// <summary>
/// Something the user can fix — a config, a command line, a run directory in the wrong state — as opposed to a bug.
/// The CLI prints a user error as one line (<see cref="Label"/>: message) and exits with <see cref="ExitCode"/>; any
/// other exception (except damaged or unreadable files, which are the environment's) is a bug and keeps its stack trace.
/// </summary>
public class UserErrorException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What the one-line message starts with ("error", "config error", …).</summary>
    public virtual string Label => "error";

    public virtual int ExitCode => 1;
}
