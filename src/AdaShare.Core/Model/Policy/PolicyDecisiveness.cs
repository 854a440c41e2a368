namespace AdaShare.Model.Policy;

/// <summary>
/// How decided a learned distribution is, over its (task, decision block) pairs: the shares with p(execute) ≤ 0.2
/// (skip) and ≥ 0.8 (execute), their sum, and the mean binary entropy in bits (1 = a coin flip, 0 = certain). A
/// distribution that learned little is mostly near 0.5, and a Bernoulli sample of it is mostly noise.
/// </summary>
public sealed record PolicyDecisiveness(int Decisions, double SkipShare, double ExecuteShare, double MeanEntropyBits)
{
    public const double Low = 0.2, High = 0.8;

    public double DecisiveShare => SkipShare + ExecuteShare;

    /// <summary><paramref name="probabilities"/>: p(execute) per task and decision block.</summary>
    public static PolicyDecisiveness Of(IEnumerable<IEnumerable<double>> probabilities)
    {
        var ps = probabilities.SelectMany(row => row).ToList();
        if (ps.Count == 0)
            return new PolicyDecisiveness(0, 0, 0, 0);
        return new PolicyDecisiveness(ps.Count, ps.Count(p => p <= Low) / (double)ps.Count, ps.Count(p => p >= High) / (double)ps.Count,
            ps.Average(Entropy));
    }

    /// <summary>Binary entropy of p, in bits.</summary>
    public static double Entropy(double p)
    {
        double h = 0;
        if (p > 0) h -= p * Math.Log2(p);
        if (p < 1) h -= (1 - p) * Math.Log2(1 - p);
        return h;
    }

    /// <summary>Decisions (task, block ≥ <paramref name="firstDecisionBlock"/>) in which <paramref name="policy"/> differs from
    /// the argmax (p ≥ 0.5 executes) of <paramref name="probabilities"/> (rows in the policy's task order, all blocks).</summary>
    public static int DistanceFromArgmax(TaskPolicy policy, IReadOnlyList<IReadOnlyList<double>> probabilities, int firstDecisionBlock)
    {
        int distance = 0;
        for (int k = 0; k < policy.Tasks; k++)
            for (int l = firstDecisionBlock; l < policy.Blocks; l++)
                if (policy.Executes(k, l) != probabilities[k][l] >= 0.5)
                    distance++;
        return distance;
    }
}
