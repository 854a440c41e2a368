namespace AdaShare.Weighting;

/// <summary>
/// A loss weighting's typed settings, parsed once from the config's <c>weighting:</c> block (strings stay at the YAML
/// edge). Defaults are the papers': DWA T = 2, GradNorm α = 1.5, CAGrad c = 0.4.
/// </summary>
public sealed record WeightingOptions
{
    public const string DefaultName = "ew";

    public string Name { get; init; } = DefaultName;

    /// <summary>DWA's temperature T.</summary>
    public double Temperature { get; init; } = 2;

    /// <summary>GradNorm's asymmetry α.</summary>
    public double Alpha { get; init; } = 1.5;

    /// <summary>GradNorm's learning rate for its task weights (plain gradient descent on its L_grad).</summary>
    public double LearningRate { get; init; } = 0.025;

    /// <summary>CAGrad's radius c of the ball around the average gradient.</summary>
    public double C { get; init; } = 0.4;

    /// <summary>DWA's "epoch" in weight-update iterations; 0 = one pass over the phase's training split (⌈N / batch⌉).</summary>
    public int EpochIters { get; init; }

    /// <summary>The typed options of a config block (null: the default, equal weighting).</summary>
    public static WeightingOptions From(Config.WeightingConfig? c)
    {
        if (c == null)
            return new WeightingOptions();
        var d = new WeightingOptions();
        return new WeightingOptions
        {
            Name = c.Name,
            Temperature = c.Temperature ?? d.Temperature,
            Alpha = c.Alpha ?? d.Alpha,
            LearningRate = c.Lr ?? d.LearningRate,
            C = c.C ?? d.C,
            EpochIters = c.EpochIters ?? d.EpochIters,
        };
    }

    /// <summary>Config errors of a <c>weighting:</c> block, each naming its key.</summary>
    public static void Validate(Config.WeightingConfig? c, List<string> errors)
    {
        if (c == null)
            return;
        void Check(bool ok, string key, string problem)
        {
            if (!ok)
                errors.Add($"{key}: {problem}");
        }
        Check(LossWeightings.TryGet(c.Name, out _), "weighting.name", $"'{c.Name}' is not one of {string.Join(", ", LossWeightings.Names)}");
        Check(c.Temperature is null or > 0 && double.IsFinite(c.Temperature ?? 1), "weighting.temperature", "must be a finite number > 0");
        Check(c.Alpha is null or >= 0 && double.IsFinite(c.Alpha ?? 0), "weighting.alpha", "must be a finite number ≥ 0");
        Check(c.Lr is null or > 0 && double.IsFinite(c.Lr ?? 1), "weighting.lr", "must be a finite number > 0");
        Check(c.C is null or (>= 0 and < 1), "weighting.c", "must be in [0, 1)");
        Check(c.EpochIters is null or >= 0, "weighting.epoch_iters", "must be ≥ 0 (0 = one pass over the training split)");
    }
}
