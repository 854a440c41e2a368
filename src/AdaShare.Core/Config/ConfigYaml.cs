using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using AdaShare.Experiments;

namespace AdaShare.Config;

/// <summary>
/// An experiment config as YAML (snake_case keys): reading with errors a user can act on, writing, copying. It does not
/// validate — <c>Experiments.ConfigLoader</c> reads and validates against the registries (methods, tasks, datasets,
/// weightings), which sit above this namespace.
/// </summary>
public static class ConfigYaml
{
    internal static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    internal static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.Preserve)
        .Build();

    /// <summary>The config in <paramref name="yaml"/>, not validated; a YAML mistake is a one-line ConfigException.</summary>
    public static ExperimentConfig Read(string yaml, string source = "<config>")
    {
        ExperimentConfig? config;
        try
        {
            config = Deserializer.Deserialize<ExperimentConfig>(yaml);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException && YamlKeyLocator.UnclosedBracket(yaml) is { } bracket)
        {
            // YamlDotNet reports an unclosed bracket far from it, or (at the end of the file) with no position at all.
            throw new ConfigException($"{source}: {bracket}", e);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{source}: line {e.Start.Line}, column {e.Start.Column}: {Describe(yaml, e)}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigException($"{source}: not valid YAML (a quote never closed, or broken indentation?)", e);
        }
        if (config == null)
            throw new ConfigException($"{source}: the file is empty");
        return config;
    }

    public static string ToYaml(ExperimentConfig config) => Serializer.Serialize(config);

    public static void Save(ExperimentConfig config, string path) => File.WriteAllText(path, ToYaml(config));

    /// <summary>
    /// Whether the config saved at <paramref name="path"/> is <paramref name="config"/>, compared as this version writes
    /// both: a run saved before a key existed (the key then takes its default, which keeps the old behaviour) still
    /// matches; a saved file this version cannot read does not. <paramref name="readKeys"/> (a method's
    /// <c>ReadKeys</c>) compares only the keys the run's method reads.
    /// </summary>
    public static bool SavedEquals(string path, ExperimentConfig config, Func<ExperimentConfig, ExperimentConfig>? readKeys = null)
    {
        string saved = File.ReadAllText(path);
        string expected = ToYaml(config);
        if (saved == expected)
            return true;
        try
        {
            return readKeys == null
                ? ToYaml(Read(saved, path)) == expected
                : ToYaml(readKeys(Read(saved, path))) == ToYaml(readKeys(config));
        }
        catch (ConfigException)
        {
            return false;
        }
    }

    /// <summary>A deep copy (through YAML, so it is exactly what a saved config.yaml would give back).</summary>
    public static ExperimentConfig Clone(ExperimentConfig config, string source) => Read(ToYaml(config), source);

    /// <summary>A YamlDotNet error as the user would say it: the key, what it needs, what was written.</summary>
    private static string Describe(string yaml, YamlException e)
    {
        string? key = YamlKeyLocator.KeyAt(yaml, e.Start);
        if (e.InnerException is FormatException or OverflowException && key != null)
        {
            string value = e.InnerException.Message.Split('\'') is { Length: >= 3 } parts ? parts[1] : "this value";
            string? expected = YamlKeyLocator.Expected(key);
            return expected != null ? $"{key} needs {expected}, not '{value}'" : $"{key}: '{value}' is not valid here";
        }
        string message = Clean(e.InnerException?.Message ?? e.Message);
        if (message.Contains("Expected 'MappingStart'", StringComparison.Ordinal) || message.Contains("Expected 'SequenceStart'", StringComparison.Ordinal)
            || message.StartsWith("No node deserializer", StringComparison.Ordinal))
            return key != null ? $"{key} needs {YamlKeyLocator.Expected(key) ?? "a different kind of value"}" : message;
        if (message.StartsWith("While scanning", StringComparison.Ordinal) || message.StartsWith("While parsing", StringComparison.Ordinal))
            return $"not valid YAML: {message.TrimEnd('.')} (check the indentation)";
        return key != null && !message.Contains(key, StringComparison.Ordinal) && !message.StartsWith("unknown key", StringComparison.Ordinal) ? $"{key}: {message}" : message;
    }

    /// <summary>YamlDotNet names C# types; users know the YAML section names.</summary>
    private static readonly (string Type, string Section)[] Sections =
    {
        ("ExperimentConfig", "the top level"), ("DataConfig", "'data'"), ("ModelConfig", "'model'"), ("TaskConfig", "a 'tasks' entry"),
        ("PolicyConfig", "'policy'"), ("TrainConfig", "'train'"), ("EvalConfig", "'eval'"), ("OutputConfig", "'output'"),
    };

    private static string Clean(string message)
    {
        message = message.Replace("Property '", "unknown key '").TrimEnd('.');
        foreach (var (type, section) in Sections)
            message = message.Replace($"' not found on type 'AdaShare.Config.{type}'", $"' in {section}");
        return message;
    }
}
