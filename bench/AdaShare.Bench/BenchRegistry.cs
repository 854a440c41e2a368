namespace AdaShare.Bench;

/// <summary>The list of benchmarks; each benchmark file registers itself here.</summary>
public static partial class BenchRegistry
{
    public static void RegisterAll()
    {
        BenchRunner.Register("train-step", "AdaShare training step and inference: shared-prefix executor vs naive per-task passes", TrainStepBench.Run);
        BenchRunner.Register("phases", "one step of every AdaShare phase (warm-up, policy start/end, re-train, inference), work and matmul rate, RSS over re-train steps", PhaseStepBench.Run);
        BenchRunner.Register("scenes", "procedural scenes dataset: generated images/s (single thread and Parallel.For)", SceneGenerationBench.Run);
    }
}
