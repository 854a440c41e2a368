namespace AdaShare.Metrics;

/// <summary>
/// Labels for the two evaluation protocols. Metrics built with <c>officialCompat: true</c> reproduce the official
/// AdaShare code's quirks (see docs/metrics.md); every reported value whose definition differs from the standard one
/// carries <see cref="CompatSuffix"/> in its name, so a compat number can never pass for a standard one (and Δ_T
/// against a standard baseline fails loudly instead of mixing protocols).
/// </summary>
public static class MetricProtocol
{
    public const string Standard = "standard";
    public const string OfficialCompat = "official-compat";

    /// <summary>Appended to the name of every value whose definition changes in compat mode.</summary>
    public const string CompatSuffix = " (official-compat)";

    internal static string Label(bool officialCompat) => officialCompat ? OfficialCompat : Standard;

    internal static string Name(string name, bool compatAffected) => compatAffected ? name + CompatSuffix : name;
}
