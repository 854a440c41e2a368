using System.Diagnostics.CodeAnalysis;
using AdaShare.Methods.AdaShare;

namespace AdaShare.Methods;

/// <summary>
/// The methods the config's `method` key can name: AdaShare, the baselines of <see cref="BaselineTable"/>, and any
/// method a user registers from their own assembly (<see cref="Register"/>) before loading a config.
/// </summary>
public static class MethodRegistry
{
    private static readonly Registry<IMethod> Methods = new("method", m => m.Name, new IMethod[] { new AdaShareMethod() }.Concat(BaselineTable.All));

    /// <summary>In registration order (AdaShare first: the random-policy baseline uses its learned execute rate).</summary>
    public static IReadOnlyList<string> Names => Methods.Names;

    public static IReadOnlyList<IMethod> All => Methods.All;

    /// <summary>Adds a method; its name must be new.</summary>
    public static void Register(IMethod method) => Methods.Register(method);

    public static bool TryGet(string name, [NotNullWhen(true)] out IMethod? method) => (method = Methods.Find(name)) != null;

    public static IMethod Get(string name) =>
        TryGet(name, out var m) ? m : throw new UserErrorException($"unknown method '{name}' (known: {string.Join(", ", Names)})");
}
