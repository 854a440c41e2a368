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
        catch (Exception e) when (Unwrap(e) is ConfigException c)
        {
            return Fail("config error", c.Message, 2);
        }
        catch (Exception e) when (Unwrap(e) is NonFiniteLossException n)
        {
            return Fail("training stopped", n.Message, 3);
        }
        catch (Exception e) when (Unwrap(e) is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            var inner = Unwrap(e);
            string message = inner is ArgumentException { ParamName: { } p } ? inner.Message.Replace($" (Parameter '{p}')", "") : inner.Message;
            return Fail("error", message, 1);
        }
        catch (Exception e)
        {
            // Anything else is a bug or an environment problem: still one line, never a stack trace.
            var inner = Unwrap(e);
            return Fail("unexpected error", $"{inner.GetType().Name}: {inner.Message}", 70);
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
