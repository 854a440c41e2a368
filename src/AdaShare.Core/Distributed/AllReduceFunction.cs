using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Distributed;

/// <summary>
/// Differentiable sum over ranks: forward all-reduces the input, backward all-reduces the incoming gradient (each rank's
/// input influenced every rank's output). Synchronised batch norm builds its statistics with it, so gradients flow
/// through the global statistics exactly as in one process with the whole batch.
/// </summary>
public sealed class AllReduceFunction : autograd.SingleTensorFunction<AllReduceFunction>
{
    public override string Name => "AdaShareAllReduceSum";

    /// <summary>Σ over ranks of <paramref name="x"/> (float32 or float64), with gradient.</summary>
    public static Tensor Sum(ICommunicator comm, Tensor x) => apply(comm, x);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var comm = (ICommunicator)vars[0];
        var x = (Tensor)vars[1];
        ctx.save_data("comm", comm);
        return Reduce(comm, x);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput) =>
        new() { null!, Reduce((ICommunicator)ctx.get_data("comm"), gradOutput) }; // no gradient for the communicator argument

    /// <summary>A new tensor (same device and dtype as <paramref name="x"/>) holding the sum over ranks.</summary>
    public static unsafe Tensor Reduce(ICommunicator comm, Tensor x)
    {
        using var _ = no_grad();
        var host = x.detach().cpu().contiguous().clone();
        if (comm.Size > 1)
        {
            if (host.dtype == ScalarType.Float64)
            {
                var memory = GC.AllocateUninitializedArray<double>(checked((int)host.numel()), pinned: true);
                using var view = torch.from_array(memory);
                using var flat = host.flatten();
                view.copy_(flat);
                fixed (double* data = memory)
                    comm.AllReduceSum(data, memory.Length);
                flat.copy_(view);
            }
            else if (host.dtype == ScalarType.Float32)
            {
                var memory = GC.AllocateUninitializedArray<float>(checked((int)host.numel()), pinned: true);
                using var view = torch.from_array(memory);
                using var flat = host.flatten();
                view.copy_(flat);
                fixed (float* data = memory)
                    comm.AllReduceSum(data, memory.Length);
                flat.copy_(view);
            }
            else
                throw new NotSupportedException($"all-reduce of {host.dtype} tensors");
        }
        if (x.device.type == DeviceType.CPU)
            return host;
        var result = host.to(x.device);
        host.Dispose();
        return result;
    }
}
