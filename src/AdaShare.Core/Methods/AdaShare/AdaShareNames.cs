namespace AdaShare.Methods.AdaShare;

/// <summary>
/// AdaShare's names in one place: the method, its phases (also the names of their checkpoint folders and train-log
/// rows) and its candidates. Changing one changes the layout of every run directory, so they are constants.
/// </summary>
public static class AdaShareNames
{
    public const string Method = "adashare";

    public const string WarmUp = "warmup";
    public const string Policy = "policy";
    public const string Sample = "sample";
    public const string Retrain = "retrain";

    /// <summary>Checkpoint folder of the best validation logits (policy.from: best).</summary>
    public const string BestPolicy = "policy-best";

    /// <summary>Train-log rows of the learned probabilities and of the best-policy validation scores.</summary>
    public const string PolicyProbabilitiesLog = "policy-probabilities";
    public const string PolicyValidationLog = "policy-validation";

    /// <summary>Candidates: "sample-1", "sample-2", …, and "argmax".</summary>
    public const string SamplePrefix = "sample-";
    public const string Argmax = "argmax";

    /// <summary>The checkpoint folder (and train-log phase) of one candidate's re-training.</summary>
    public static string RetrainOf(string candidate) => $"{Retrain}-{candidate}";
}
