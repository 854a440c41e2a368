using static TorchSharp.torch;

namespace AdaShare.Model.Policy;

/// <summary>The policy losses: AdaShare's sparsity and sharing terms, and the optional entropy term.</summary>
public static class PolicyRegularizers
{
    /// <summary>
    /// Sparsity: Σ_k mean over the curriculum-active decision blocks of −log softmax(α_k[l])[skip] — pushes towards
    /// skipping, i.e. a compact model. <paramref name="firstActiveDecision"/> indexes the decision blocks.
    /// </summary>
    public static Tensor Sparsity(Tensor logits, int firstActiveDecision)
    {
        using var logp = logits.log_softmax(-1);
        using var skip = logp.select(-1, 1);
        return NegatedActiveMean(skip, firstActiveDecision);
    }

    /// <summary>
    /// The entropy term's weight at temperature τ: w·(1 − τ/τ_start), zero until τ falls below τ_start (policy.entropy_start_tau,
    /// by default τ0) and growing as τ falls. At high τ the soft gates barely depend on the logits, so the task losses
    /// carry little signal yet; a constant weight commits the decisions to whatever the sparsity term says first
    /// (measured: segmentation skipping 7 of 8 blocks).
    /// </summary>
    public static double EntropyWeightAt(double weight, double tau, double tauStart) => tauStart > 0 ? weight * Math.Max(0, 1 - tau / tauStart) : weight;

    /// <summary>
    /// Entropy (not in the paper; policy.entropy_weight, default 0): Σ_k mean over the curriculum-active decision blocks
    /// of the binary entropy (nats) of softmax(α_k[l]). Its gradient is zero at p = 0.5 and grows with the lean, so it
    /// carries a decision further the way the task losses and the sparsity term already push it; decisions nothing
    /// pushes stay put, and the sparsity term gives those a direction (skip).
    /// </summary>
    public static Tensor Entropy(Tensor logits, int firstActiveDecision)
    {
        using var logp = logits.log_softmax(-1);
        using var p = logp.exp();
        using var plogp = p * logp;
        using var perDecision = plogp.sum(-1);
        return NegatedActiveMean(perDecision, firstActiveDecision);
    }

    /// <summary>−Σ_k mean over the curriculum-active decision blocks (columns from <paramref name="firstActiveDecision"/>) of a K × L' tensor.</summary>
    private static Tensor NegatedActiveMean(Tensor perDecision, int firstActiveDecision)
    {
        using var active = perDecision.narrow(1, firstActiveDecision, perDecision.shape[1] - firstActiveDecision);
        using var perTask = active.mean(new long[] { 1 });
        using var neg = -perTask;
        return neg.sum();
    }

    /// <summary>
    /// Sharing: Σ over task pairs i &lt; j of Σ_l w_l · |α_i[l] − α_j[l]| over all decision blocks, on the execute
    /// logit (or its softmax probability). paper: w_l = (L − l)/L, early blocks weigh most → shared early blocks;
    /// official: w_l = (l + 1)/L.
    /// </summary>
    public static Tensor Sharing(Tensor logits, bool paperWeighting, bool onProbability)
    {
        long tasks = logits.shape[0], blocks = logits.shape[1];
        using var alpha = onProbability ? logits.softmax(-1).select(-1, 0) : logits.select(-1, 0);
        var w = new float[blocks];
        for (int l = 0; l < blocks; l++)
            w[l] = paperWeighting ? (blocks - l) / (float)blocks : (l + 1) / (float)blocks;
        using var weights = tensor(w, device: logits.device);
        Tensor total = zeros(1, device: logits.device).squeeze();
        for (long i = 0; i < tasks; i++)
        {
            for (long j = i + 1; j < tasks; j++)
            {
                using var diff = (alpha[i] - alpha[j]).abs();
                using var weighted = (diff * weights).sum();
                var next = total + weighted;
                total.Dispose();
                total = next;
            }
        }
        return total;
    }
}
