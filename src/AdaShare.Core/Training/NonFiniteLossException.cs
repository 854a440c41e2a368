namespace AdaShare.Training;

/// <summary>A loss became NaN or infinite; training stops and the last checkpoint is kept as it was.</summary>
public sealed class NonFiniteLossException(string message) : UserErrorException(message)
{
    public override string Label => "training stopped";
    public override int ExitCode => 3;
}
