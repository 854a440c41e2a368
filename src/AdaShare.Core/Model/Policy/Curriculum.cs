namespace AdaShare.Model.Policy;

/// <summary>
/// The curriculum of policy learning: after p completed alternations only the last n = min(L, p / speed + 1)
/// blocks follow the sampled policy; the earlier ones are forced to execute. The decision space grows from the
/// deepest block towards the input.
/// </summary>
public static class Curriculum
{
    public static int ActiveBlocks(int completedAlternations, int speed, int decisionBlocks, bool enabled = true) =>
        enabled ? Math.Min(decisionBlocks, completedAlternations / speed + 1) : decisionBlocks;

    /// <summary>First block index (of all L) whose decision is learned now; blocks before it are forced to execute.</summary>
    public static int FirstActiveBlock(int completedAlternations, int speed, int totalBlocks, int skipLayer, bool enabled = true) =>
        totalBlocks - ActiveBlocks(completedAlternations, speed, totalBlocks - skipLayer, enabled);
}
