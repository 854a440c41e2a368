using System.Diagnostics.CodeAnalysis;
using AdaShare.Methods.AdaShare;

namespace AdaShare.Methods;

/// <summary>The methods the config's `method` key can name.</summary>
public static class MethodRegistry
{
    private static readonly Dictionary<string, IMethod> Methods = new IMethod[]
    {
        new AdaShareMethod(),
        new SingleTaskMethod(),
        new HardSharingMethod(),
        new RandomPolicyMethod(),
        new StochasticDepthMethod(),
        new CrossStitchMethod(),
        new MtanMethod(),
        new NddrMethod(),
        new SluiceMethod(),
    }.ToDictionary(m => m.Name);

    /// <summary>In registration order (AdaShare first: the random-policy baseline uses its learned execute rate).</summary>
    public static IEnumerable<string> Names => Methods.Keys;
    public static IEnumerable<IMethod> All => Methods.Values;

    public static bool TryGet(string name, [NotNullWhen(true)] out IMethod? method) => Methods.TryGetValue(name, out method);

    public static IMethod Get(string name) =>
        TryGet(name, out var m) ? m : throw new ArgumentException($"unknown method '{name}' (known: {string.Join(", ", Names)})");
}
