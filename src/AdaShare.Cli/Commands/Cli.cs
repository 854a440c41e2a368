using AdaShare.Config;
using AdaShare.Training;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>Turns user-facing failures (bad config, missing files, NaN losses) into one clear red line and an exit code.</summary>
public static class Cli
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Unwrap(e) is UserErrorException u)
        {
            return Fail(u.Label, u.Message, u.ExitCode);
        }
        catch (Exception e) when (Unwrap(e) is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Missing, damaged or unwritable files and full disks: the environment's, fixed by the user.
            return Fail("error", Unwrap(e).Message, 1);
        }
        catch (Exception e)
        {
            // Anything else is a bug: one line for the user, then the stack trace for the report.
            var inner = Unwrap(e);
            int code = Fail("unexpected error", $"{inner.GetType().Name}: {inner.Message} (a bug: please report it with the trace below)", 70);
            Console.Error.WriteLine(inner.ToString());
            return code;
        }
    }

    /// <summary>Parallel sample loading reports a bad file as an AggregateException; the user needs the file's own error.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } a)
            e = a.InnerExceptions[0];
        return e;
    }

    private static int Fail(string what, string message, int code)
    {
        string oneLine = string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (Console.IsOutputRedirected)
            Console.WriteLine($"{what}: {oneLine}"); // one line, not wrapped at a guessed terminal width
        else
            AnsiConsole.MarkupLine($"[red]{what}:[/] {Markup.Escape(oneLine)}");
        return code;
    }
}
