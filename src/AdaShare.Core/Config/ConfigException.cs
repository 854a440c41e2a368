namespace AdaShare.Config;

/// <summary>A config that cannot be used; the message names the file, the key path and the problem.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
