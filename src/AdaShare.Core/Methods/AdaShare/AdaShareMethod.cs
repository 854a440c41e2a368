using AdaShare.Config;
using AdaShare.Model.Policy;
using AdaShare.Model;
using AdaShare.Reporting;
using AdaShare.Training.Phases;
using AdaShare.Training;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// AdaShare: warm-up (hard sharing) → policy learning → sampling → re-training → evaluation → report. Each phase can be
/// run by itself (<see cref="IPhase.Run"/>, in this order, on one <see cref="TrainingContext"/> and
/// <see cref="RunState"/>); <see cref="Trainer"/> runs them resumably.
/// </summary>
public sealed class AdaShareMethod : IMethod, IEvaluatedMethod
{
    public AdaShareMethod()
    {
        Phases = new IPhase[]
        {
            new WarmUpPhase(), new PolicyLearningPhase(), new PolicySamplingPhase(), new RetrainPhase(), new EvaluationPhase(this), new ReportPhase(this),
        };
    }

    public string Name => AdaShareNames.Method;
    public string Description => "AdaShare: learned select-or-skip policy per task and block (Sun et al. 2020)";
    public IReadOnlyList<IPhase> Phases { get; }

    /// <summary>A network with the run's initial random weights (saved once, so every re-train starts from the same init).</summary>
    public static MultiTaskNet CreateNetwork(TrainingContext ctx) =>
        ctx.CreateInitialModel(() => new MultiTaskNet(AdaShareNames.Method, ctx.Config.Model, ctx.Tasks));

    public string TrainedBy => AdaShareNames.Retrain;

    /// <summary>The candidate the re-train phase selected on the validation split.</summary>
    public static CandidateResult Selected(RunState state) =>
        state.SelectedCandidate is int selected
            ? state.Candidates[selected]
            : throw new UserErrorException("no re-trained policy was selected: run the retrain phase first");

    public IReadOnlyList<TrainedModel> OpenTrained(TrainingContext ctx, RunState state) =>
        new[] { new TrainedModel(RetrainPhase.OpenRetrained(ctx, Selected(state)), ctx) };

    public TaskPolicy Policy(TrainingContext ctx, RunState state) => RetrainPhase.LoadPolicy(ctx, Selected(state));

    public string PolicyLabel(TrainingContext ctx, RunState state) => Selected(state).Name;

    public void DescribeResult(TrainingContext ctx, RunState state, RunMetrics result) =>
        CandidateReport.Describe(ctx, state, result);

    public IReadOnlyList<(string Name, string Text)> Schedule(ExperimentConfig config)
    {
        var t = config.Train;
        var p = config.Policy;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return new[]
        {
            ("schedule", $"warm-up {t.WarmupIters}, policy {t.Alternations} × ({t.WeightItersPerAlternation} weight + {t.PolicyItersPerAlternation} policy), re-train {t.RetrainIters} iterations, batch {t.BatchSize}"),
            ("policy", string.Create(ci, $"Gumbel {p.Gumbel}, τ0 {p.Tau0} × {p.TauDecay}/phase, curriculum {(p.Curriculum ? $"speed {p.CurriculumSpeed}" : "off")}, sparsity {p.SparsityWeight}, sharing {p.SharingWeight} ({p.SharingWeighting} weights on the {p.SharingOn}){(p.EntropyWeight > 0 ? $", entropy {p.EntropyWeight}{(p.EntropyStartTau is double ts ? $" below τ {ts}" : "")}" : "")}")),
        };
    }
}
