using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Distributed;

/// <summary>
/// Averages the gradients of a fixed set of parameters over all ranks, as DistributedDataParallel does: the gradients
/// are packed into flat float32 buckets of about <see cref="DefaultBucketBytes"/> (pinned CPU memory, so a CUDA gradient
/// is copied to the host), each bucket is summed in place with one MPI_Allreduce, scaled by 1/N and copied back.
/// A parameter without a gradient this step contributes zeros and keeps no gradient, so optimisers skip it as before.
/// </summary>
public sealed class GradientAverager
{
    public const long DefaultBucketBytes = 4L << 20;

    private readonly ICommunicator comm;
    private readonly List<Bucket> buckets = new();

    public GradientAverager(ICommunicator comm, IEnumerable<Parameter> parameters, long bucketBytes = DefaultBucketBytes)
    {
        this.comm = comm;
        var current = new List<Parameter>();
        long elements = 0;
        foreach (var p in parameters.Where(p => p.requires_grad))
        {
            if (p.dtype != ScalarType.Float32)
                throw new NotSupportedException($"data-parallel training averages float32 gradients; a parameter is {p.dtype}");
            current.Add(p);
            elements += p.numel();
            if (elements * sizeof(float) >= bucketBytes)
            {
                buckets.Add(new Bucket(current.ToArray(), elements));
                current.Clear();
                elements = 0;
            }
        }
        if (current.Count > 0)
            buckets.Add(new Bucket(current.ToArray(), elements));
    }

    public int BucketCount => buckets.Count;

    /// <summary>Time spent in packing, all-reducing and unpacking, summed over calls (for the step-time breakdown).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Replaces every gradient by its mean over the ranks. Call after backward, before the optimiser step.</summary>
    public void Average()
    {
        if (comm.Size == 1)
            return;
        var clock = Stopwatch.StartNew();
        using var _ = no_grad();
        foreach (var bucket in buckets)
            bucket.Average(comm);
        Elapsed += clock.Elapsed;
    }

    private sealed class Bucket(Parameter[] parameters, long elements)
    {
        private readonly float[] memory = GC.AllocateArray<float>(checked((int)elements), pinned: true);
        private Tensor? flat;

        public unsafe void Average(ICommunicator comm)
        {
            flat ??= torch.from_array(memory).DetachFromDisposeScope(); // lives as long as the bucket, not one step
            long offset = 0;
            foreach (var p in parameters)
            {
                long n = p.numel();
                using var slot = flat.narrow(0, offset, n);
                if (p.grad is { } g)
                {
                    using var source = g.reshape(-1);
                    slot.copy_(source);
                }
                else
                    slot.zero_();
                offset += n;
            }
            fixed (float* data = memory)
                comm.AllReduceSum(data, elements);
            flat.mul_(1.0 / comm.Size);
            offset = 0;
            foreach (var p in parameters)
            {
                long n = p.numel();
                if (p.grad is { } g)
                {
                    using var slot = flat.narrow(0, offset, n);
                    using var shaped = slot.view(g.shape);
                    g.copy_(shaped);
                }
                offset += n;
            }
        }
    }
}
