namespace AdaShare.Weighting;

/// <summary>A registered loss weighting: its config name, one line for `adashare methods`/docs, and its factory.</summary>
public sealed record LossWeightingEntry(string Name, string Description, Func<WeightingOptions, WeightingContext, ILossWeighting> Create);

/// <summary>
/// The loss weightings a config may name (<c>weighting: {name: …}</c>) and `compare --weightings` may list. Open:
/// <see cref="Register"/> adds a user's own before the config is loaded.
/// </summary>
public static class LossWeightings
{
    private static readonly List<LossWeightingEntry> Entries = new()
    {
        new("ew", "equal/fixed: Σ λ_k L_k with the config's λ (the default)", (o, c) => new EqualWeighting(c)),
        new("uw", "uncertainty weighting (Kendall et al. 2018): learned log-variances", (o, c) => new UncertaintyWeighting(c)),
        new("dwa", "dynamic weight average (Liu et al. 2019): loss ratios of the last two epochs, temperature T", (o, c) => new DynamicWeightAverage(c, o.Temperature)),
        new("gradnorm", "GradNorm (Chen et al. 2018): balance gradient norms on the last shared layer, asymmetry α", (o, c) => new GradNorm(c, o.Alpha, o.LearningRate)),
        new("pcgrad", "PCGrad (Yu et al. 2020): project away conflicting gradient components, seeded task order", (o, c) => new PCGrad(c)),
        new("cagrad", "CAGrad (Liu et al. 2021): conflict-averse direction within radius c of the average gradient", (o, c) => new CAGrad(c, o.C)),
    };

    public static IEnumerable<string> Names => Entries.Select(e => e.Name);
    public static IReadOnlyList<LossWeightingEntry> All => Entries;

    /// <summary>Adds a weighting under a new name (a duplicate name is a programming error).</summary>
    public static void Register(LossWeightingEntry entry)
    {
        if (Entries.Any(e => e.Name == entry.Name))
            throw new ArgumentException($"a loss weighting named '{entry.Name}' is already registered", nameof(entry));
        Entries.Add(entry);
    }

    public static bool TryGet(string name, out LossWeightingEntry entry)
    {
        entry = Entries.FirstOrDefault(e => e.Name == name)!;
        return entry != null;
    }

    public static ILossWeighting Create(WeightingOptions options, WeightingContext context) =>
        TryGet(options.Name, out var entry)
            ? entry.Create(options, context)
            : throw new Config.ConfigException($"weighting.name: '{options.Name}' is not one of {string.Join(", ", Names)}");
}
