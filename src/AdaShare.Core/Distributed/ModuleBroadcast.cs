using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Distributed;

/// <summary>
/// Copies a module's parameters and buffers from rank 0 to every rank (as DDP does at construction and for buffers
/// every step), so all ranks hold identical state whatever each one loaded or computed on its own.
/// </summary>
public static class ModuleBroadcast
{
    public static void FromRoot(ICommunicator comm, nn.Module module)
    {
        if (comm.Size == 1)
            return;
        using var _ = no_grad();
        foreach (var (_, tensor) in module.state_dict())
            FromRoot(comm, tensor);
    }

    /// <summary>Only the buffers (batch-norm running statistics): cheap enough to do after every step.</summary>
    public static void BuffersFromRoot(ICommunicator comm, nn.Module module)
    {
        if (comm.Size == 1)
            return;
        using var _ = no_grad();
        foreach (var tensor in module.buffers())
            FromRoot(comm, tensor);
    }

    public static void FromRoot(ICommunicator comm, Tensor tensor)
    {
        switch (tensor.dtype)
        {
            case ScalarType.Float32: FromRoot<float>(comm, tensor); break;
            case ScalarType.Float64: FromRoot<double>(comm, tensor); break;
            case ScalarType.Int64: FromRoot<long>(comm, tensor); break;
            case ScalarType.Int32: FromRoot<int>(comm, tensor); break;
            default: throw new NotSupportedException($"broadcast of {tensor.dtype} tensors");
        }
    }

    private static unsafe void FromRoot<T>(ICommunicator comm, Tensor tensor) where T : unmanaged
    {
        var memory = GC.AllocateUninitializedArray<T>(checked((int)tensor.numel()), pinned: true);
        using var host = torch.from_array(memory);
        using var source = tensor.detach().cpu().flatten();
        host.copy_(source);
        fixed (T* data = memory)
            comm.Broadcast(data, (long)memory.Length * sizeof(T), 0);
        using var shaped = host.view(tensor.shape);
        tensor.copy_(shaped);
    }
}
