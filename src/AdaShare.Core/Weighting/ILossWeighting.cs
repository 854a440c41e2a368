using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Weighting;

/// <summary>
/// Turns one step's per-task losses into parameter gradients (a loss weighting, LibMTL's "weighting" axis). The trainer
/// calls <see cref="Backward"/> where it used to call <c>total.backward()</c> and does not know which method runs.
/// Losses arrive unweighted; every method works on the config's λ-scaled losses λ_k·L_k (λ stays the per-task scale prior;
/// with λ = 1 a method sees the raw losses). Task-specific parameters (heads) receive their own task's gradient; only the
/// shared parameters' gradient is combined by gradient-based methods.
/// </summary>
public interface ILossWeighting
{
    /// <summary>The registered name (ew, uw, dwa, gradnorm, pcgrad, cagrad or a user's own).</summary>
    string Name { get; }

    /// <summary>
    /// The current multiplier of each raw loss L_k (λ_k · the method's weight): what the last <see cref="Backward"/>
    /// used, before any; the policy step of AdaShare weights its task losses with these (no gradient surgery there).
    /// </summary>
    IReadOnlyList<double> Weights { get; }

    /// <summary>Learnable parameters the model optimiser must update alongside the network (UW's log-variances); usually none.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// Accumulates the gradients of one training step into every parameter's <c>.grad</c> (the caller zeroes them before
    /// and steps the optimiser after) and frees the step's graph; keeps no more than this one graph alive.
    /// </summary>
    /// <param name="losses">Each task's unweighted loss, attached to the step's graph.</param>
    /// <param name="shared">The parameters all tasks share (the backbone); gradient-based methods combine their gradients.</param>
    /// <param name="iteration">The 0-based weight-update step within the phase (DWA's epochs, PCGrad's seeded order).</param>
    WeightedStep Backward(IReadOnlyList<Tensor> losses, IReadOnlyList<Parameter> shared, long iteration);

    /// <summary>Everything a resumed run needs to continue as an uninterrupted one (empty for stateless methods).</summary>
    Dictionary<string, List<double>> SaveState();

    /// <summary>Restores <see cref="SaveState"/>'s output.</summary>
    void LoadState(IReadOnlyDictionary<string, List<double>> state);
}

/// <summary>One step's result: the weighted total loss value (Σ_k w_k·λ_k·L_k plus any regulariser) and the multipliers used.</summary>
public sealed record WeightedStep(float Loss, IReadOnlyList<double> Weights);
