using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaShare.Model;

/// <summary>
/// Task-specific batch normalisation (the paper's DomainNet setting): one <see cref="SafeBatchNorm2d"/> per task,
/// state-dict names <c>{bn}.tasks.{k}.weight</c> etc.; <see cref="Active"/> picks the one the next forward uses.
/// The convolutions around it stay shared. An importer of plain BN weights (<c>{bn}.weight</c>) loads them into every
/// task's copy with <see cref="LoadIntoEveryTask"/>.
/// </summary>
public sealed class TaskBatchNorm2d : nn.Module<Tensor, Tensor>
{
    public readonly ModuleList<SafeBatchNorm2d> tasks = new();

    public TaskBatchNorm2d(long channels, int taskCount) : base(nameof(TaskBatchNorm2d))
    {
        if (taskCount < 1) throw new ArgumentOutOfRangeException(nameof(taskCount), "at least one task");
        for (int k = 0; k < taskCount; k++)
            tasks.Add(new SafeBatchNorm2d(channels));
        RegisterComponents();
    }

    /// <summary>The task whose statistics and affine parameters the next forward uses.</summary>
    public int Active { get; set; }

    public override Tensor forward(Tensor x) => tasks[Active].call(x);

    /// <summary>Copies one set of BN parameters and running statistics into every task's copy (ImageNet import).</summary>
    public void LoadIntoEveryTask(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar)
    {
        using var _ = no_grad();
        foreach (var bn in tasks)
        {
            bn.weight.copy_(weight);
            bn.bias.copy_(bias);
            bn.running_mean.copy_(runningMean);
            bn.running_var.copy_(runningVar);
        }
    }
}
