namespace AdaShare.Model.Policy;

/// <summary>Turns the learned distribution into fixed policies: seeded independent Bernoulli draws, or the argmax.</summary>
public static class PolicySampler
{
    public static TaskPolicy Sample(float[,] executeProbabilities, IReadOnlyList<string> taskNames, int totalBlocks, int seed)
    {
        var rng = new Random(seed);
        return Build(executeProbabilities, taskNames, totalBlocks, p => rng.NextDouble() < p);
    }

    public static TaskPolicy Argmax(float[,] executeProbabilities, IReadOnlyList<string> taskNames, int totalBlocks) =>
        Build(executeProbabilities, taskNames, totalBlocks, p => p >= 0.5);

    private static TaskPolicy Build(float[,] probs, IReadOnlyList<string> taskNames, int totalBlocks, Func<double, bool> decide)
    {
        int tasks = probs.GetLength(0), decisions = probs.GetLength(1), skipLayer = totalBlocks - decisions;
        var execute = new bool[tasks, totalBlocks];
        for (int k = 0; k < tasks; k++)
            for (int l = 0; l < totalBlocks; l++)
                execute[k, l] = l < skipLayer || decide(probs[k, l - skipLayer]);
        return new TaskPolicy(taskNames, execute);
    }
}
