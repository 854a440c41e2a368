using AdaShare.Cli.Commands;
using AdaShare.Config;
using AdaShare.Training;

namespace AdaShare.Tests.Cli;

/// <summary>The CLI's split between what the user fixes (one line, no trace) and bugs (the stack trace is kept).</summary>
[Collection("Console")]
public class UserErrorVersusBugTests
{
    private static (int Code, string Out, string Err) Run(Func<int> action)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (outWriter, errWriter) = (new StringWriter(), new StringWriter());
        Console.SetOut(outWriter);
        Console.SetError(errWriter);
        try
        {
            int code = AdaShare.Cli.Commands.Cli.Guard(action);
            return (code, outWriter.ToString(), errWriter.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public void UserErrorsAreOneLineWithTheirOwnExitCode()
    {
        var config = Run(() => throw new ConfigException("bad.yaml: eval.upsample: 'cubic' is not one of bilinear, nearest"));
        Assert.Equal(2, config.Code);
        Assert.Contains("config error: bad.yaml: eval.upsample", config.Out);
        Assert.DoesNotContain(" at ", config.Out + config.Err);

        var stopped = Run(() => throw new NonFiniteLossException("loss is NaN"));
        Assert.Equal(3, stopped.Code);
        Assert.Contains("training stopped: loss is NaN", stopped.Out);

        var usage = Run(() => throw new UserErrorException("--phase: unknown phase 'polcy'"));
        Assert.Equal(1, usage.Code);
        Assert.Contains("error: --phase: unknown phase 'polcy'", usage.Out);
        Assert.DoesNotContain("Exception", usage.Out + usage.Err);
    }

    [Fact]
    public void ABugKeepsItsStackTrace()
    {
        var bug = Run(() => throw new InvalidOperationException("index out of sync"));
        Assert.Equal(70, bug.Code);
        Assert.Contains("unexpected error: InvalidOperationException: index out of sync", bug.Out);
        Assert.Contains(nameof(ABugKeepsItsStackTrace), bug.Err); // the trace names the throwing method
    }

    [Fact]
    public void EveryUserErrorTypeIsAUserErrorException()
    {
        Assert.True(typeof(UserErrorException).IsAssignableFrom(typeof(ConfigException)));
        Assert.True(typeof(UserErrorException).IsAssignableFrom(typeof(NonFiniteLossException)));
    }

    [Fact]
    public void ADataPreviewOfAnImpossibleSizeIsAUserErrorNotATrace()
    {
        string dir = Directory.CreateTempSubdirectory("adashare-data-size-").FullName;
        try
        {
            var result = CliProcess.Run(dir, ["data", "preview", "--dataset", "scenes", "--height", "2", "--out", Path.Combine(dir, "p.png")]);
            Assert.NotEqual(0, result.ExitCode);
            Assert.StartsWith("error: --height/--width", result.Lines[^1]);
            Assert.DoesNotContain(result.Lines, l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(dir, "p.png")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
