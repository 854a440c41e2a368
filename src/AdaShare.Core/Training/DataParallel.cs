using AdaShare.Training;
using TorchSharp;
using TorchSharp.Modules;

using AdaShare.Distributed;

namespace AdaShare.Training;

/// <summary>
/// Data-parallel training over the ranks of <see cref="Comm"/>, as PyTorch's DistributedDataParallel: each rank
/// takes its slice of every global batch, the gradients are averaged, batch norm stays per rank unless
/// <see cref="SyncBatchNorm"/> (train.sync_bn) makes its statistics global. One process is the one-rank case.
/// </summary>
public sealed class DataParallel(ICommunicator comm, bool syncBatchNorm)
{
    public static readonly DataParallel None = new(SingleProcess.Instance, false);

    public ICommunicator Comm => comm;
    public bool SyncBatchNorm => syncBatchNorm;
    public int Ranks => comm.Size;

    /// <summary>Time spent averaging gradients in this process, over all loops (for the step-time breakdown).</summary>
    public TimeSpan AllReduceTime => TimeSpan.FromTicks(averagers.Sum(a => a.Elapsed.Ticks));

    private readonly List<GradientAverager> averagers = new();

    /// <summary>The number of samples of a global batch this rank computes; a batch the ranks cannot share evenly is an error.</summary>
    public int LocalBatch(int globalBatch, string key) =>
        globalBatch % comm.Size == 0
            ? globalBatch / comm.Size
            : throw new Config.ConfigException($"{key}: {globalBatch} is not divisible by the {comm.Size} MPI ranks (each rank takes an equal slice of every batch)");

    /// <summary>
    /// Prepares <paramref name="module"/> for a loop that updates <paramref name="parameters"/>: rank 0's weights and buffers
    /// go to every rank (whatever each loaded), batch norm is synchronised when asked (also on one rank, so that one and
    /// N ranks compute the same formula), and the returned sync averages the gradients.
    /// </summary>
    public IGradientSync Attach(torch.nn.Module module, IEnumerable<Parameter> parameters)
    {
        ModuleBroadcast.FromRoot(comm, module);
        if (syncBatchNorm)
            Model.SyncBatchNorm.Attach(module, comm);
        var averager = new GradientAverager(comm, parameters);
        averagers.Add(averager);
        return new Sync(this, module, averager);
    }

    /// <summary>
    /// Largest |difference| between this rank's parameters and rank 0's, the same number on every rank (0 on one rank):
    /// the check that data-parallel training keeps the replicas identical.
    /// </summary>
    public double MaxParameterDivergence(torch.nn.Module module)
    {
        if (comm.Size == 1)
            return 0;
        double worst = 0;
        using (torch.no_grad())
        {
            foreach (var p in module.parameters())
            {
                using var root = p.detach().clone();
                ModuleBroadcast.FromRoot(comm, root);
                using var diff = (root - p).abs().max();
                worst = Math.Max(worst, diff.item<float>());
            }
        }
        unsafe
        {
            // The sum over ranks of each rank's worst: zero exactly when every rank matches rank 0.
            double total = worst;
            comm.AllReduceSum(&total, 1);
            return total;
        }
    }

    /// <summary>Replaces each value by its mean over the ranks (the logged losses are the global batch's).</summary>
    public unsafe void AverageInPlace(double[] values)
    {
        if (comm.Size == 1 || values.Length == 0)
            return;
        fixed (double* data = values)
            comm.AllReduceSum(data, values.Length);
        for (int i = 0; i < values.Length; i++)
            values[i] /= comm.Size;
    }

    private sealed class Sync(DataParallel owner, torch.nn.Module module, GradientAverager averager) : IGradientSync
    {
        public void AfterBackward() => averager.Average();

        public void AfterStep()
        {
            if (!owner.SyncBatchNorm)
                ModuleBroadcast.BuffersFromRoot(owner.Comm, module);
        }
    }
}
