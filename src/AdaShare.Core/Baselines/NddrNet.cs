using AdaShare.Config;
using AdaShare.Tasks;

namespace AdaShare.Baselines;

/// <summary>
/// NDDR-CNN (Gao et al. 2019): one trunk per task; after each of the four stages every task's next input is its
/// <see cref="NddrLayer"/> applied to the concatenation of all tasks' stage outputs.
/// Parameters ≈ K trunks + heads + Σ_stages K·(K·C² + 2C).
/// </summary>
public sealed class NddrNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks)
    : MixedTrunksNet<NddrStage>(name, config, tasks, (stage, channels) => new NddrStage($"nddr{stage}", tasks.Count, channels));
