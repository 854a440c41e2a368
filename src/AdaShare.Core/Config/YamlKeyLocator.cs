using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AdaShare.Config;

/// <summary>
/// Puts YamlDotNet's errors in the user's words: which key (as a path like train.batch_size) sits at the failing
/// position, and what kind of value that key expects.
/// </summary>
public static class YamlKeyLocator
{
    /// <summary>The key path (e.g. train.batch_size, tasks[1].name) of the key or value that starts at <paramref name="at"/>
    /// (a YamlException's position), or null when nothing starts there.</summary>
    public static string? KeyAt(string yaml, Mark at)
    {
        try
        {
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                if (Node(parser, "", at) is { } found)
                    return found.Length == 0 ? "the top level" : found;
                parser.Consume<DocumentEnd>();
            }
        }
        catch (YamlException)
        {
        }
        return null;
    }

    private static string? Node(IParser parser, string path, Mark at)
    {
        if (parser.Current is { } current && current.Start.Line == at.Line && current.Start.Column == at.Column)
            return path;
        if (parser.TryConsume<Scalar>(out _) || parser.TryConsume<AnchorAlias>(out _))
            return null;
        if (parser.TryConsume<MappingStart>(out _))
        {
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                string child = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
                if (key.Start.Line == at.Line && key.Start.Column == at.Column)
                    return child;
                if (Node(parser, child, at) is { } found)
                    return found;
            }
            return null;
        }
        parser.Consume<SequenceStart>();
        for (int i = 0; !parser.TryConsume<SequenceEnd>(out _); i++)
            if (Node(parser, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), at) is { } found)
                return found;
        return null;
    }

    /// <summary>The first '[' or '{' never closed (outside quotes and comments), as "'[' opened at line L, column C", or null.</summary>
    public static string? UnclosedBracket(string yaml)
    {
        var open = new Stack<(char Bracket, int Line, int Column)>();
        int line = 1, column = 0;
        char quote = '\0';
        bool comment = false;
        char previous = '\n';
        foreach (char c in yaml)
        {
            column++;
            if (c == '\n')
            {
                line++;
                column = 0;
                comment = false;
                previous = c;
                continue;
            }
            if (comment)
                continue;
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (c is '"' or '\'' && (previous is ' ' or '[' or '{' or ',' or ':' or '\n'))
                quote = c;
            else if (c == '#' && previous is ' ' or '\n' or '\t')
                comment = true;
            else if (c is '[' or '{')
                open.Push((c, line, column));
            else if (c is ']' or '}' && open.Count > 0)
                open.Pop();
            previous = c;
        }
        if (open.Count == 0)
            return null;
        var first = open.Reverse().First();
        return string.Create(CultureInfo.InvariantCulture, $"'{first.Bracket}' opened at line {first.Line}, column {first.Column} is never closed");
    }

    /// <summary>What a key expects, from the config classes: "a whole number", "a number", "true or false", ...</summary>
    public static string? Expected(string keyPath)
    {
        Type type = typeof(ExperimentConfig);
        foreach (string raw in keyPath.Split('.'))
        {
            string part = raw.Contains('[') ? raw[..raw.IndexOf('[')] : raw;
            string pascal = string.Concat(part.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
            var property = type.GetProperty(pascal, BindingFlags.Public | BindingFlags.Instance);
            if (property == null)
                return null;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (raw.Contains('[') && type.IsGenericType)
                type = type.GetGenericArguments()[0];
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return "a list like [1, 2]";
        return type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) || type == typeof(float) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "text"
            : "a section (key: value lines)";
    }
}
