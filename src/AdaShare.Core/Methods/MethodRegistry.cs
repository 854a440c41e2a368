using System.Diagnostics.CodeAnalysis;
using AdaShare.Methods.AdaShare;

namespace AdaShare.Methods;

/// <summary>
/// The methods the config's `method` key can name: AdaShare, the baselines of <see cref="BaselineTable"/>, and any
/// method a user registers from their own assembly (<see cref="Register"/>) before loading a config.
/// </summary>
public static class MethodRegistry
{
    private static readonly object Gate = new();
    private static readonly List<IMethod> Methods = new IMethod[] { new AdaShareMethod() }.Concat(BaselineTable.All).ToList();

    /// <summary>In registration order (AdaShare first: the random-policy baseline uses its learned execute rate).</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate)
                return Methods.Select(m => m.Name).ToList();
        }
    }

    public static IReadOnlyList<IMethod> All
    {
        get
        {
            lock (Gate)
                return Methods.ToList();
        }
    }

    /// <summary>Adds a method; its name must be new (a built-in cannot be replaced by accident).</summary>
    public static void Register(IMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        lock (Gate)
        {
            if (Methods.Any(m => m.Name == method.Name))
                throw new ArgumentException($"a method named '{method.Name}' is already registered");
            Methods.Add(method);
        }
    }

    public static bool TryGet(string name, [NotNullWhen(true)] out IMethod? method)
    {
        lock (Gate)
            method = Methods.FirstOrDefault(m => m.Name == name);
        return method != null;
    }

    public static IMethod Get(string name) =>
        TryGet(name, out var m) ? m : throw new UserErrorException($"unknown method '{name}' (known: {string.Join(", ", Names)})");
}
