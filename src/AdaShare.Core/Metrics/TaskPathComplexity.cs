using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Metrics;

/// <summary>Cost of the path to each output of a multi-output model: the multiply-adds and parameters that output
/// depends on (a task served alone). Outputs that share computation each count the shared part.</summary>
/// <param name="MultiplyAdds">Per output: multiply-adds of the convolution / linear calls it depends on.</param>
/// <param name="Parameters">Per output: elements of the distinct parameters it depends on.</param>
public sealed record TaskPathCount(long[] MultiplyAdds, long[] Parameters);

/// <summary>
/// Which module calls and parameters each output of one forward pass depends on, found by autograd: a call (or a
/// parameter) is on output k's path exactly when the gradient of output k reaches it. This needs no knowledge of
/// the architecture, so every baseline (shared trunk, K trunks mixed by cross-stitch or NDDR, attention branches)
/// is measured the same way. Counting rules are those of <see cref="ModelComplexity"/>; a call whose output needs
/// no gradient (frozen weights on a gradient-free input) cannot be traced and is charged to every output.
/// </summary>
public static class TaskPathComplexity
{
    public static TaskPathCount Count(nn.Module module, Func<Tensor[]> forward)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(forward);
        var calls = new List<(long MultiplyAdds, Tensor Output)>();
        var handles = new List<Action>();
        var visited = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        using var scope = NewDisposeScope();
        try
        {
            foreach (var (_, m) in module.named_modules().Prepend(("", module)))
            {
                if (!visited.Add(m) || m is not nn.Module<Tensor, Tensor> hookable || ModelComplexity.MultiplyAddRule(m) is not { } rule)
                    continue;
                var handle = hookable.register_forward_hook((_, input, output) =>
                {
                    // A second reference to the same tensor: the module's caller may dispose its own.
                    calls.Add((rule(input, output), output.alias()));
                    return output;
                });
                handles.Add(() => handle.remove());
            }
            // Gradients are needed to trace the paths; nothing is stepped, so the parameters stay as they are.
            using var grad = enable_grad();
            var outputs = forward();
            var parameters = DistinctTrainable(module);
            var traced = calls.Where(c => c.Output.requires_grad).ToList();
            long untraced = calls.Where(c => !c.Output.requires_grad).Sum(c => c.MultiplyAdds);
            var inputs = traced.Select(c => c.Output).Concat(parameters).ToList();
            var macs = new long[outputs.Length];
            var counts = new long[outputs.Length];
            // Nothing to trace (libtorch aborts the process on a grad call without inputs): every call is charged to every output.
            if (inputs.Count == 0)
            {
                Array.Fill(macs, untraced);
                return new TaskPathCount(macs, counts);
            }
            for (int k = 0; k < outputs.Length; k++)
            {
                using var sum = outputs[k].sum();
                var grads = autograd.grad(new[] { sum }, inputs, retain_graph: true, allow_unused: true);
                macs[k] = untraced;
                for (int i = 0; i < traced.Count; i++)
                    if (!grads[i].IsInvalid)
                        macs[k] += traced[i].MultiplyAdds;
                for (int i = 0; i < parameters.Count; i++)
                    if (!grads[traced.Count + i].IsInvalid)
                        counts[k] += parameters[i].numel();
            }
            return new TaskPathCount(macs, counts);
        }
        finally
        {
            foreach (var remove in handles)
                remove();
        }
    }

    private static List<Tensor> DistinctTrainable(nn.Module module)
    {
        var seen = new HashSet<IntPtr>();
        var list = new List<Tensor>();
        foreach (var p in module.parameters())
            if (p.requires_grad && seen.Add(p.Handle))
                list.Add(p);
        return list;
    }
}
