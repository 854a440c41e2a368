using AdaShare.Config;
using AdaShare.Tasks;

namespace AdaShare.Baselines;

/// <summary>
/// Cross-stitch network (Misra et al. 2016): one trunk per task and, after each of the four stages, a per-channel
/// cross-stitch unit that mixes the K trunks' feature maps. Parameters ≈ K trunks + heads + Σ_stages K²·C.
/// </summary>
public sealed class CrossStitchNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks)
    : MixedTrunksNet<CrossStitchUnit>(name, config, tasks, (stage, channels) => new CrossStitchUnit($"stitch{stage}", tasks.Count, channels));
