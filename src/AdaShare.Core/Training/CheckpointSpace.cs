using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Tasks;

namespace AdaShare.Training;

/// <summary>How much free disk a run needs for its next checkpoints: the largest one so far (or weights plus Adam's two
/// moments when there is none yet), twice — a new snapshot is written beside the previous one before it is swapped in.</summary>
public static class CheckpointSpace
{
    private const long Margin = 1 << 20;

    public static long Estimate(ExperimentConfig config, DataSplits data, RunDirectory run)
    {
        long largest = Directory.Exists(run.Checkpoints)
            ? Directory.GetDirectories(run.Checkpoints).Select(d => Directory.GetFiles(d).Sum(f => new FileInfo(f).Length)).DefaultIfEmpty(0).Max()
            : 0;
        if (largest == 0)
        {
            using var net = new MultiTaskNet("estimate", config.Model, TaskSpec.Bind(config.Tasks, data.Train));
            largest = net.CountParameters(null) * sizeof(float) * 3;
        }
        return 2 * largest + Margin;
    }
}
