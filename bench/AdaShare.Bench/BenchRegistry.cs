namespace AdaShare.Bench;

/// <summary>The list of benchmarks; each benchmark file registers itself here.</summary>
public static partial class BenchRegistry
{
    public static void RegisterAll()
    {
        BenchRunner.Register("scenes", "procedural scenes dataset: generated images/s (single thread and Parallel.For)", SceneGenerationBench.Run);
    }
}
