using System.Text;

namespace AdaShare.Config;

/// <summary>
/// A config string that names one member of an enum: the YAML spelling is the member's name in kebab case
/// (OfficialCompat ↔ official-compat). Code inside the library sees only the enum; an unknown spelling is a one-line
/// <see cref="ConfigException"/> naming the key and the allowed values.
/// </summary>
public static class ConfigChoice
{
    public static string Name<T>(T value) where T : struct, Enum
    {
        string name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static IReadOnlyList<string> Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Name).ToList();

    public static T Parse<T>(string key, string? text) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (Name(value) == text)
                return value;
        throw new ConfigException($"{key}: '{text}' is not one of {string.Join(", ", Names<T>())}");
    }
}
