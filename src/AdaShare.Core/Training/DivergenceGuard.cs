namespace AdaShare.Training;

/// <summary>
/// Flags a loss above <c>factor</c> × the median of the recent healthy losses (a run blowing up before it reaches NaN).
/// Flagged losses stay out of the window, so the median remains the healthy reference until the loss comes back.
/// </summary>
public sealed class DivergenceGuard(double factor, List<double>? recent = null)
{
    private const int Window = 50, Minimum = 10;

    /// <summary>The healthy losses the median is taken over (saved in checkpoints for an exact resume).</summary>
    public List<double> Recent { get; } = recent?.ToList() ?? new List<double>();

    public bool Diverged { get; private set; }

    public double Median
    {
        get
        {
            var sorted = Recent.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>Takes one step's loss; true when this step starts a divergence (to warn once, not every step).</summary>
    public bool Observe(double loss)
    {
        bool was = Diverged;
        Diverged = factor > 0 && Recent.Count >= Minimum && loss > factor * Median;
        if (!Diverged)
        {
            Recent.Add(loss);
            if (Recent.Count > Window)
                Recent.RemoveAt(0);
        }
        return Diverged && !was;
    }

    public string Describe(string where, double loss) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{where}: loss {loss:G4} is more than {factor:G4}× its running median ({Median:G4}); the run is diverging (lower the learning rates with --resume DIR --set train.lr_...=VALUE); checkpoints are not updated until it recovers");
}
