using AdaShare.Training.Phases;

namespace AdaShare.Methods.AdaShare;

/// <summary>AdaShare: warm-up (hard sharing) → policy learning → sampling → re-training → evaluation.</summary>
public sealed class AdaShareMethod : IMethod
{
    public string Name => AdaShareNames.Method;
    public string Description => "AdaShare: learned select-or-skip policy per task and block (Sun et al. 2020)";

    public IReadOnlyList<IPhase> Phases { get; } = new IPhase[]
    {
        new WarmUpPhase(), new PolicyLearningPhase(), new PolicySamplingPhase(), new RetrainPhase(), new EvaluationPhase(), new ReportPhase(),
    };
}
