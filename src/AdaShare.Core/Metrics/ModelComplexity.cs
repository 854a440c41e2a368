using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Metrics;

/// <summary>Multiply-adds of one forward pass: the total and the share of every module that ran (by module path).</summary>
/// <param name="Total">Multiply-adds summed over every counted call.</param>
/// <param name="PerModule">Multiply-adds per module path (root module: "" ), only for modules that ran.</param>
/// <param name="Calls">Number of counted module calls (a module called twice counts twice).</param>
public sealed record MultiplyAddCount(long Total, IReadOnlyDictionary<string, long> PerModule, int Calls);

/// <summary>
/// Model size and compute. Parameters: number of elements of the distinct (trainable by default) parameters.
/// Multiply-adds: one real forward pass with forward hooks on every convolution (Conv1d/2d/3d and their transposed
/// forms) and <see cref="Linear"/> module of the tree, so modules that the forward skips count 0:
/// convolution = output elements × in_channels/groups × Π kernel; transposed convolution = input elements ×
/// out_channels/groups × Π kernel; linear = output elements × in_features. Biases, batch norm, activations, pooling,
/// additions and other elementwise operations are ignored (they are cheap next to these). The count is for the
/// whole batch the forward uses: pass batch 1 for a per-image figure.
/// </summary>
/// <remarks>
/// TorchSharp runs hooks only in <c>Module.call(...)</c>, not in <c>forward(...)</c>: a model that invokes a
/// convolution or linear child by <c>child.forward(x)</c>, or calls <c>functional.conv2d</c> directly, is not counted
/// there. <see cref="CountMultiplyAdds(nn.Module, Action)"/> reports which modules ran, so such gaps are visible.
/// </remarks>
public static class ModelComplexity
{
    /// <summary>Elements of the model's distinct parameters (shared parameters counted once).</summary>
    public static long CountParameters(nn.Module module, bool trainableOnly = true) =>
        CountParameters(module, [], trainableOnly);

    /// <summary>
    /// As <see cref="CountParameters(nn.Module, bool)"/>, leaving out every parameter whose name equals an entry of
    /// <paramref name="exclude"/> or lies under it as a module path (entry "heads" excludes "heads.0.weight").
    /// An entry that matches no parameter is an error (it is probably misspelt).
    /// </summary>
    public static long CountParameters(nn.Module module, IEnumerable<string> exclude, bool trainableOnly = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(exclude);
        var excl = exclude.ToList();
        var used = new bool[excl.Count];
        var seen = new HashSet<IntPtr>();
        long total = 0;
        foreach (var (name, p) in module.named_parameters())
        {
            bool excluded = false;
            for (int i = 0; i < excl.Count; i++)
            {
                string e = excl[i];
                if (e.Length == 0 || name == e || name.StartsWith(e + ".", StringComparison.Ordinal))
                {
                    used[i] = true;
                    excluded = true;
                }
            }
            if (excluded || (trainableOnly && !p.requires_grad) || !seen.Add(p.Handle))
            {
                continue;
            }
            total += p.numel();
        }
        for (int i = 0; i < excl.Count; i++)
        {
            if (!used[i])
            {
                throw new ArgumentException($"CountParameters: no parameter is named '{excl[i]}' or lies under it.", nameof(exclude));
            }
        }
        return total;
    }

    /// <summary>Runs <paramref name="forward"/> once (without gradients) and counts the multiply-adds of the
    /// convolution and linear modules of <paramref name="module"/>'s tree that it executes.</summary>
    public static MultiplyAddCount CountMultiplyAdds(nn.Module module, Action forward)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(forward);
        var perModule = new Dictionary<string, long>();
        int calls = 0;
        var removers = new List<IDisposable>();
        var visited = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var (name, m) in module.named_modules().Prepend(("", module)))
            {
                if (!visited.Add(m) || m is not nn.Module<Tensor, Tensor> hookable)
                {
                    continue;
                }
                var rule = MultiplyAddRule(m);
                if (rule is null)
                {
                    continue;
                }
                string path = name;
                var handle = hookable.register_forward_hook((_, input, output) =>
                {
                    perModule[path] = perModule.GetValueOrDefault(path) + rule(input, output);
                    calls++;
                    return output;
                });
                removers.Add(new Remover(() => handle.remove()));
            }
            // No dispose scope here: the forward may cache tensors in the model, which must outlive this call.
            using (torch.no_grad())
            {
                forward();
            }
        }
        finally
        {
            foreach (var r in removers)
            {
                r.Dispose();
            }
        }
        return new MultiplyAddCount(perModule.Values.Sum(), perModule, calls);
    }

    /// <summary>As <see cref="CountMultiplyAdds(nn.Module, Action)"/> for a forward that returns one tensor
    /// (disposed here).</summary>
    public static MultiplyAddCount CountMultiplyAdds(nn.Module module, Func<Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        return CountMultiplyAdds(module, () => forward().Dispose());
    }

    /// <summary>Multiply-adds of one call of <paramref name="m"/> from its input and output; null for modules that are
    /// not counted (anything but convolutions and linear layers).</summary>
    internal static Func<Tensor, Tensor, long>? MultiplyAddRule(nn.Module m) => m switch
    {
        Convolution conv when !conv.transposed => (_, y) =>
            y.numel() * (conv.in_channels / conv.groups) * Product(conv.kernel_size),
        Convolution conv => (x, _) =>
            x.numel() * (conv.out_channels / conv.groups) * Product(conv.kernel_size),
        Linear lin => (_, y) => y.numel() * lin.in_features,
        _ => null,
    };

    private static long Product(long[] xs)
    {
        long p = 1;
        foreach (long x in xs)
        {
            p *= x;
        }
        return p;
    }

    private sealed class Remover(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
