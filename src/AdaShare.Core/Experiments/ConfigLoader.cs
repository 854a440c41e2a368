using AdaShare.Config;
using AdaShare.Training;
using YamlDotNet.Core;

namespace AdaShare.Experiments;

/// <summary>Reads and validates experiment configs (YAML, snake_case keys; <see cref="ConfigYaml"/>), applies `--set` overrides.</summary>
public static class ConfigLoader
{
    public static ExperimentConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"config file not found: {path}");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The config a run directory was trained with (its config.yaml); a folder without one is no run.</summary>
    public static ExperimentConfig LoadRun(string root)
    {
        string path = RunDirectory.ConfigFileOf(root);
        if (!Directory.Exists(root) || !File.Exists(path))
            throw new FileNotFoundException($"{root} is not a run directory (no config.yaml)");
        return Load(path);
    }

    public static ExperimentConfig Parse(string yaml, string source = "<config>")
    {
        var config = ConfigYaml.Read(yaml, source);
        ConfigValidator.Validate(config, source);
        return config;
    }

    /// <summary>Applies `key.path=value` overrides (e.g. train.warmup_iters=10) on top of a loaded config's YAML.</summary>
    public static ExperimentConfig WithOverrides(ExperimentConfig config, IEnumerable<string> overrides, string source)
    {
        var list = overrides.ToList();
        if (list.Count == 0)
            return config;
        var tree = ConfigYaml.Deserializer.Deserialize<Dictionary<object, object>>(ConfigYaml.ToYaml(config));
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
                    node[keys[0]] = ConfigYaml.Deserializer.Deserialize<Dictionary<object, object>>(ConfigYaml.Serializer.Serialize(new WeightingConfig()));
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
                node[keys[^1]] = value.StartsWith('[') ? ConfigYaml.Deserializer.Deserialize<List<object>>(value) : value;
            }
            catch (Exception e) when (e is YamlException or InvalidOperationException)
            {
                throw new ConfigException($"override '{item}': '{value}' is not a valid list (write it like [1, 2])", e);
            }
        }
        return Parse(ConfigYaml.Serializer.Serialize(tree), source + " (with overrides)");
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

}
