using AdaShare.Model.Policy;

namespace AdaShare.Baselines;

/// <summary>
/// AdaShare's "random policy" ablation: a fixed select-or-skip policy drawn at random with a given execute rate
/// (usually the rate AdaShare learned), so any gain of the learned policy over it comes from where blocks are
/// executed, not from how many.
/// </summary>
public static class RandomPolicy
{
    /// <summary>Exactly round(rate·K·L) of the K·L decisions execute, chosen uniformly by a seeded shuffle.</summary>
    public static TaskPolicy Create(IReadOnlyList<string> taskNames, int blocks, double executeRate, int seed)
    {
        if (executeRate is < 0 or > 1 || double.IsNaN(executeRate))
            throw new ArgumentOutOfRangeException(nameof(executeRate), $"execute rate {executeRate} is not in [0, 1]");
        int tasks = taskNames.Count, n = tasks * blocks;
        int executed = (int)Math.Round(executeRate * n, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var execute = new bool[tasks, blocks];
        foreach (int i in order.Take(executed))
            execute[i / blocks, i % blocks] = true;
        return new TaskPolicy(taskNames, execute);
    }
}
