namespace AdaShare.Training;

/// <summary>
/// The data-parallel seam of a training loop: <see cref="AfterBackward"/> between backward and the optimiser step (the
/// gradients become the mean over ranks), <see cref="AfterStep"/> after it (per-rank batch-norm statistics are taken
/// from rank 0, so every rank holds the same state). Both are no-ops in a single process.
/// </summary>
public interface IGradientSync
{
    void AfterBackward();
    void AfterStep();
}
