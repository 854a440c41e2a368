using System.Diagnostics.CodeAnalysis;

namespace AdaShare.Methods;

/// <summary>The methods the config's `method` key can name.</summary>
public static class MethodRegistry
{
    private static readonly Dictionary<string, IMethod> Methods = new IMethod[]
    {
        new AdaShareMethod(),
    }.ToDictionary(m => m.Name);

    public static IEnumerable<string> Names => Methods.Keys;
    public static IEnumerable<IMethod> All => Methods.Values;

    public static bool TryGet(string name, [NotNullWhen(true)] out IMethod? method) => Methods.TryGetValue(name, out method);

    public static IMethod Get(string name) =>
        TryGet(name, out var m) ? m : throw new ArgumentException($"unknown method '{name}' (known: {string.Join(", ", Names)})");
}
