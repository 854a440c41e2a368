using AdaShare.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Model;

/// <summary>
/// 2-D batch normalisation with the same parameters and buffers (and state-dict names) as TorchSharp's BatchNorm2d.
/// Why our own: TorchSharp 0.107's BatchNorm2d counts batches with <c>num_batches_tracked.add_(1)</c>, which builds two
/// temporary Scalars that nothing keeps alive during the native call; a garbage collection at that moment lets the
/// finalizer free them mid-call, and we saw training fail with "argument alpha must not be a floating point number".
/// Here the increment uses one Scalar that lives as long as the process.
/// </summary>
public sealed class SafeBatchNorm2d : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar One = 1L;

    public readonly Parameter weight;
    public readonly Parameter bias;
    public readonly Tensor running_mean;
    public readonly Tensor running_var;
    public readonly Tensor num_batches_tracked;

    public double Momentum { get; }
    public double Eps { get; }

    /// <summary>Ranks whose batches share statistics in training (<see cref="SyncBatchNorm"/>); null = this batch only.</summary>
    public ICommunicator? Group { get; set; }

    public SafeBatchNorm2d(long channels, double momentum = 0.1, double eps = 1e-5) : base(nameof(SafeBatchNorm2d))
    {
        Momentum = momentum;
        Eps = eps;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        num_batches_tracked = tensor(0L);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (training)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(One, One);
        }
        if (training && Group != null)
            return SyncBatchNorm.Forward(this, x, Group);
        return nn.functional.batch_norm(x, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }
}
