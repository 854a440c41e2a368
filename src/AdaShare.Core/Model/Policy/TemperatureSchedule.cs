namespace AdaShare.Model.Policy;

/// <summary>Gumbel-Softmax temperature: τ = τ0 · decay^(completed policy-update phases).</summary>
public static class TemperatureSchedule
{
    public static double At(double tau0, double decay, int completedPolicyPhases) => tau0 * Math.Pow(decay, completedPolicyPhases);
}
