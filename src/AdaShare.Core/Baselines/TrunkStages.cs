using AdaShare.Model;
using static TorchSharp.torch;

namespace AdaShare.Baselines;

/// <summary>Runs a <see cref="DeeplabResNet"/> stage by stage, for baselines that act between stages (cross-stitch,
/// NDDR, MTAN). Blocks are invoked with <c>call</c> so complexity hooks see their convolutions.</summary>
public static class TrunkStages
{
    public static int StageCount(DeeplabResNet trunk) => trunk.Spec.BlocksPerStage.Length;

    /// <summary>Indices of the blocks of stage <paramref name="stage"/>.</summary>
    public static IReadOnlyList<int> Blocks(DeeplabResNet trunk, int stage) =>
        Enumerable.Range(0, trunk.BlockCount).Where(l => trunk.StageOfBlock[l] == stage).ToList();

    /// <summary>Runs blocks [from, to) of the trunk on h; disposes intermediate maps but not h.</summary>
    public static Tensor Run(DeeplabResNet trunk, Tensor h, int from, int to)
    {
        var x = h;
        for (int l = from; l < to; l++)
        {
            var next = trunk.blocks[l].call(x);
            if (!ReferenceEquals(x, h))
                x.Dispose();
            x = next;
        }
        return ReferenceEquals(x, h) ? h.alias() : x;
    }

    /// <summary>Runs a whole stage.</summary>
    public static Tensor RunStage(DeeplabResNet trunk, Tensor h, int stage)
    {
        var blocks = Blocks(trunk, stage);
        return Run(trunk, h, blocks[0], blocks[^1] + 1);
    }
}
