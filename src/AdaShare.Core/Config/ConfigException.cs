namespace AdaShare.Config;

/// <summary>A config that cannot be used; the message names the file, the key path and the problem.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : UserErrorException(message, inner)
{
    public override string Label => "config error";
    public override int ExitCode => 2;
}
