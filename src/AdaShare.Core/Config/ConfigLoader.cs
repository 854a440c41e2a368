using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AdaShare.Config;

/// <summary>Reads, validates and writes experiment configs (YAML, snake_case keys).</summary>
public static class ConfigLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.Preserve)
        .Build();

    public static ExperimentConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"config file not found: {path}");
        return Parse(File.ReadAllText(path), path);
    }

    public static ExperimentConfig Parse(string yaml, string source = "<config>")
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
        ConfigValidator.Validate(config, source);
        return config;
    }

    /// <summary>Applies `key.path=value` overrides (e.g. train.warmup_iters=10) on top of a loaded config's YAML.</summary>
    public static ExperimentConfig WithOverrides(ExperimentConfig config, IEnumerable<string> overrides, string source)
    {
        var list = overrides.ToList();
        if (list.Count == 0)
            return config;
        var tree = Deserializer.Deserialize<Dictionary<object, object>>(ToYaml(config));
        foreach (string item in list)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0)
                throw new ConfigException($"override '{item}' is not of the form key.path=value");
            string[] keys = item[..eq].Trim().Split('.');
            string value = item[(eq + 1)..].Trim();
            var node = tree;
            for (int i = 0; i < keys.Length - 1; i++)
            {
                if (i == 0 && OptionalSections.Contains(keys[0]) && node.GetValueOrDefault(keys[0]) is null)
                    node[keys[0]] = Deserializer.Deserialize<Dictionary<object, object>>(Serializer.Serialize(new WeightingConfig()));
                if (!node.TryGetValue(keys[i], out object? child) || child is not Dictionary<object, object> dict)
                    throw new ConfigException($"override '{item}': '{string.Join('.', keys[..(i + 1)])}' is not a section of the config");
                node = dict;
            }
            if (!node.ContainsKey(keys[^1]))
                throw new ConfigException($"override '{item}': unknown key '{item[..eq].Trim()}'");
            string key = item[..eq].Trim();
            CheckType(key, value, item);
            try
            {
                node[keys[^1]] = value.StartsWith('[') ? Deserializer.Deserialize<List<object>>(value) : value;
            }
            catch (Exception e) when (e is YamlException or InvalidOperationException)
            {
                throw new ConfigException($"override '{item}': '{value}' is not a valid list (write it like [1, 2])", e);
            }
        }
        return Parse(Serializer.Serialize(tree), source + " (with overrides)");
    }

    /// <summary>Sections left out of the YAML while at their default (null): the first override of one creates it.</summary>
    private static readonly HashSet<string> OptionalSections = new() { "weighting" };

    /// <summary>An override's value must fit its key's type; said here, since the re-parsed YAML's line numbers are not the user's.</summary>
    private static void CheckType(string key, string value, string item)
    {
        string? expected = YamlKeyLocator.Expected(key);
        bool ok = expected switch
        {
            "a whole number" => long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
            "a number" => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
            "true or false" => value is "true" or "false" or "True" or "False",
            "a section (key: value lines)" => false,
            _ => true,
        };
        if (!ok)
            throw new ConfigException($"override '{item}': {key} needs {expected}, not '{value}'");
    }

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

    public static string ToYaml(ExperimentConfig config) => Serializer.Serialize(config);

    public static void Save(ExperimentConfig config, string path) => File.WriteAllText(path, ToYaml(config));

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
