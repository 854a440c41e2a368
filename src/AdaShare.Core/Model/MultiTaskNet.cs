using AdaShare.Config;
using AdaShare.Model.Policy;
using AdaShare.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaShare.Model;

/// <summary>
/// One dilated ResNet trunk shared by K tasks, a head per task, and per-(task, block) gates.
/// <see cref="Forward"/> shares computation between tasks whose hard decisions agree on a prefix of blocks and
/// never runs a skipped block's residual branch; <see cref="ForwardNaive"/> runs every task on its own (the oracle).
/// </summary>
public sealed class MultiTaskNet : Module
{
    public readonly DeeplabResNet backbone;
    public readonly ModuleList<Module<Tensor, Tensor>> heads = new();

    public IReadOnlyList<TaskSpec> Tasks { get; }
    public int BlockCount => backbone.BlockCount;

    public MultiTaskNet(string name, ModelConfig config, IReadOnlyList<TaskSpec> tasks) : base(name)
    {
        Tasks = tasks;
        // Stryker disable once String : the module's own name; state-dict keys come from the field name
        backbone = new DeeplabResNet("backbone", BackboneSpec.FromConfig(config, tasks.Count));
        foreach (var task in tasks)
        {
            heads.Add(task.Kind.IsDense
                ? new AsppHead(task.Name, backbone.OutChannels, config.HeadChannels, task.OutputChannels, config.AsppDilations, config.HeadDropout)
                : new ClassifierHead(task.Name, backbone.OutChannels, task.OutputChannels));
        }
        RegisterComponents();
    }

    public IEnumerable<Parameter> BackboneParameters() => backbone.parameters();
    public IEnumerable<Parameter> HeadParameters() => heads.parameters();

    /// <summary>Per-task outputs at stride 8 (dense) or B×C (image-level). Null gates = hard sharing.</summary>
    public Tensor[] Forward(Tensor x, GateSet? gates = null)
    {
        var features = SharedFeatures(x, gates ?? GateSet.AllExecute(Tasks.Count, BlockCount));
        var outputs = new Tensor[Tasks.Count];
        for (int k = 0; k < Tasks.Count; k++)
            outputs[k] = heads[k].call(features[k]);
        return outputs;
    }

    /// <summary>Each task runs the whole trunk by itself (what the official code does); kept as the reference.</summary>
    public Tensor[] ForwardNaive(Tensor x, GateSet? gates = null)
    {
        gates ??= GateSet.AllExecute(Tasks.Count, BlockCount);
        var outputs = new Tensor[Tasks.Count];
        for (int k = 0; k < Tasks.Count; k++)
            outputs[k] = heads[k].call(TaskPath(x, gates, k));
        return outputs;
    }

    /// <summary>
    /// True when no computation can be shared between tasks: each sees its own image (a dataset with one view per
    /// task, <see cref="Data.TargetInfo.View"/>: the image batch is B×3V×H×W) or has its own batch norms.
    /// </summary>
    public bool SeparatePaths => backbone.HasTaskNorms || Tasks.Any(t => t.Target.View != 0);

    /// <summary>Task k's trunk features: its own image (view) and batch norms, its own gates.</summary>
    private Tensor TaskPath(Tensor x, GateSet gates, int k)
    {
        using var input = x.shape[1] == 3 ? x.alias() : x.narrow(1, 3 * Tasks[k].Target.View, 3);
        backbone.SelectTask(k);
        var h = backbone.Stem(input);
        for (int l = 0; l < BlockCount; l++)
        {
            var block = backbone.blocks[l];
            var gate = gates[k, l];
            h = gate.Kind switch
            {
                GateKind.Execute => block.forward(h),
                GateKind.Skip => block.Shortcut(h),
                _ => block.Gated(h, gate.Weight!),
            };
        }
        return h;
    }

    /// <summary>
    /// Trunk features per task. Tasks move through the blocks in groups that hold the same feature map; a group splits
    /// where their decisions differ. The shortcut and the residual branch are computed once per group.
    /// </summary>
    public Tensor[] SharedFeatures(Tensor x, GateSet gates)
    {
        if (gates.Tasks != Tasks.Count || gates.Blocks != BlockCount)
            throw new ArgumentException($"gates are {gates.Tasks}×{gates.Blocks}, the network has {Tasks.Count} tasks × {BlockCount} blocks");
        if (SeparatePaths)
            return Enumerable.Range(0, Tasks.Count).Select(k => TaskPath(x, gates, k)).ToArray();
        var groups = new List<(List<int> Tasks, Tensor Feature)> { (Enumerable.Range(0, Tasks.Count).ToList(), backbone.Stem(x)) };
        for (int l = 0; l < BlockCount; l++)
        {
            var block = backbone.blocks[l];
            var next = new List<(List<int>, Tensor)>();
            foreach (var (members, h) in groups)
            {
                var shortcut = block.Shortcut(h);
                var executeMembers = members.Where(k => gates[k, l].Kind == GateKind.Execute).ToList();
                var skipMembers = members.Where(k => gates[k, l].Kind == GateKind.Skip).ToList();
                var softMembers = members.Where(k => gates[k, l].Kind == GateKind.Soft).ToList();
                Tensor? executed = executeMembers.Count + softMembers.Count > 0 ? block.Execute(h, shortcut) : null;
                if (executeMembers.Count > 0)
                    next.Add((executeMembers, executed!));
                if (skipMembers.Count > 0)
                    next.Add((skipMembers, shortcut));
                foreach (int k in softMembers)
                    next.Add((new List<int> { k }, BasicBlock.Blend(executed!, shortcut, gates[k, l].Weight!)));
            }
            groups = next;
        }
        var features = new Tensor[Tasks.Count];
        foreach (var (members, h) in groups)
            foreach (int k in members)
                features[k] = h;
        return features;
    }

    /// <summary>
    /// Parameters a deployed model with this fixed policy needs: stem, the blocks some task executes, the shortcut
    /// projections of blocks every task skips (they still run), and the heads.
    /// </summary>
    public long CountParameters(TaskPolicy? policy)
    {
        long Count(Module m) => m.parameters().Sum(p => p.numel());
        long total = Count(heads) + backbone.named_parameters().Where(p => !p.name.StartsWith("blocks.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        for (int l = 0; l < BlockCount; l++)
        {
            var block = backbone.blocks[l];
            bool executed = policy == null || Enumerable.Range(0, Tasks.Count).Any(k => policy.Executes(k, l));
            total += executed
                ? Count(block)
                : block.named_parameters().Where(p => p.name.StartsWith("downsample.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        }
        return total;
    }
}
