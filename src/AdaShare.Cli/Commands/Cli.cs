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
        catch (ConfigException e)
        {
            return Fail("config error", e.Message, 2);
        }
        catch (NonFiniteLossException e)
        {
            return Fail("training stopped", e.Message, 3);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            return Fail("error", e.Message, 1);
        }
    }

    private static int Fail(string what, string message, int code)
    {
        AnsiConsole.MarkupLine($"[red]{what}:[/] {Markup.Escape(message)}");
        return code;
    }
}
