using AdaShare.Config;
using AdaShare.Model.Policy;
using AdaShare.Model;
using AdaShare.Reporting;
using AdaShare.Training.Phases;
using AdaShare.Training;

namespace AdaShare.Methods;

/// <summary>
/// A baseline: a network factory trained by the shared <see cref="TrainModelPhase"/> (train.retrain_iters iterations,
/// the budget of AdaShare's re-train) and scored by the shared <see cref="EvaluationPhase"/>. A baseline is one row of
/// <see cref="BaselineTable"/>; the architectures live in AdaShare.Baselines. <paramref name="create"/> gets the
/// method's name (the module's name) and the context; <paramref name="policy"/> gives the fixed select-or-skip policy
/// of a network that runs one; <paramref name="adapt"/> is <see cref="IMethod.AdaptToComparison"/>.
/// </summary>
public sealed class BaselineMethod : IMethod, IModelFactory, IEvaluatedMethod
{
    private readonly Func<string, TrainingContext, IMultiTaskModel> create;
    private readonly Func<TrainingContext, TaskPolicy>? policy;
    private readonly Func<ExperimentConfig, Func<string, RunMetrics?>, string?>? adapt;

    public BaselineMethod(string name, string description, Func<string, TrainingContext, IMultiTaskModel> create,
        bool oneModelPerTask = false, Func<TrainingContext, TaskPolicy>? policy = null,
        Func<ExperimentConfig, Func<string, RunMetrics?>, string?>? adapt = null)
    {
        Name = name;
        Description = description;
        OneModelPerTask = oneModelPerTask;
        this.create = create;
        this.policy = policy;
        this.adapt = adapt;
        Phases = new IPhase[] { new TrainModelPhase(this), new EvaluationPhase(this), new ReportPhase(this) };
    }

    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<IPhase> Phases { get; }
    public bool OneModelPerTask { get; }

    public IMultiTaskModel Create(TrainingContext ctx) => create(Name, ctx);
    public TaskPolicy? Policy(TrainingContext ctx) => policy?.Invoke(ctx);

    public string? AdaptToComparison(ExperimentConfig config, Func<string, RunMetrics?> finishedRun) => adapt?.Invoke(config, finishedRun);

    /// <summary>A baseline trains for train.retrain_iters with a fixed (or no) policy: AdaShare's policy keys and the
    /// warm-up and policy-phase schedule are not read; of the policy section only random_execute_rate is.</summary>
    public ExperimentConfig ReadKeys(ExperimentConfig config)
    {
        var read = ConfigYaml.Clone(config, config.Name);
        var defaults = new TrainConfig();
        read.Policy = new PolicyConfig { RandomExecuteRate = config.Policy.RandomExecuteRate };
        read.Train.WarmupIters = defaults.WarmupIters;
        read.Train.Alternations = defaults.Alternations;
        read.Train.WeightItersPerAlternation = defaults.WeightItersPerAlternation;
        read.Train.PolicyItersPerAlternation = defaults.PolicyItersPerAlternation;
        read.Train.LrPolicy = defaults.LrPolicy;
        read.Train.PolicyWeightDecay = defaults.PolicyWeightDecay;
        read.Train.PolicyPhaseWeightOptimizer = defaults.PolicyPhaseWeightOptimizer;
        return read;
    }

    public string TrainedBy => TrainModelPhase.PhaseName;

    public IReadOnlyList<TrainedModel> OpenTrained(TrainingContext ctx, RunState state) =>
        ModelPart.Of(ctx, this).Select(part =>
        {
            var model = part.CreateModel(this);
            Checkpoint.LoadModel(model.Module, Path.Combine(part.Context.Run.PhaseCheckpoint(part.Phase), "model.pt"));
            return new TrainedModel(model, part.Context);
        }).ToList();

    public TaskPolicy? Policy(TrainingContext ctx, RunState state) => Policy(ctx);

    public string PolicyLabel(TrainingContext ctx, RunState state) => policy != null ? "policy.json" : Name;

    public IReadOnlyList<(string Name, string Text)> Schedule(ExperimentConfig config) =>
        new[] { ("schedule", $"{config.Train.RetrainIters} iterations (the budget of AdaShare's re-train), batch {config.Train.BatchSize}") };
}
