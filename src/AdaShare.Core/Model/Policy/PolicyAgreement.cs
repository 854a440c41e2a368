namespace AdaShare.Model.Policy;

/// <summary>
/// How far several learned policies (e.g. one per seed) agree: the most common policy (ties: the earliest), how many
/// runs learned exactly it, and each run's number of (task, block) decisions that differ from it. The paper's
/// policies are reproducible patterns; a policy that changes with the seed is mostly noise.
/// </summary>
public sealed record PolicyAgreement(TaskPolicy Modal, int Agreeing, IReadOnlyList<int> DistanceToModal)
{
    public int Runs => DistanceToModal.Count;

    public static PolicyAgreement Of(IReadOnlyList<TaskPolicy> policies)
    {
        if (policies.Count == 0)
            throw new ArgumentException("no policy to compare", nameof(policies));
        var first = policies[0];
        foreach (var p in policies)
            if (!p.TaskNames.SequenceEqual(first.TaskNames) || p.Blocks != first.Blocks)
                throw new ArgumentException("the policies are for different tasks or block counts");
        var modal = policies.GroupBy(p => p.Key).OrderByDescending(g => g.Count()).First().First();
        return new PolicyAgreement(modal, policies.Count(p => p.SameAs(modal)), policies.Select(p => Distance(p, modal)).ToList());
    }

    /// <summary>Decisions (task, block) in which the two policies differ.</summary>
    public static int Distance(TaskPolicy a, TaskPolicy b)
    {
        int d = 0;
        for (int k = 0; k < a.Tasks; k++)
            for (int l = 0; l < a.Blocks; l++)
                if (a.Executes(k, l) != b.Executes(k, l))
                    d++;
        return d;
    }
}
