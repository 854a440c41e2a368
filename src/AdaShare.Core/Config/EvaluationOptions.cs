namespace AdaShare.Config;

/// <summary>eval.metrics: the standard definitions, or the official code's quirks (labelled "(official-compat)").</summary>
public enum MetricMode
{
    Standard,
    OfficialCompat,
}

/// <summary>eval.upsample: how dense predictions reach the target's size before they are scored.</summary>
public enum Upsampling
{
    Bilinear,
    Nearest,
}

/// <summary>How predictions are scored (eval.metrics, eval.upsample), typed once at the config edge.</summary>
public sealed record EvaluationOptions(MetricMode Metrics = MetricMode.Standard, Upsampling Upsample = Upsampling.Bilinear)
{
    public bool OfficialCompat => Metrics == MetricMode.OfficialCompat;
    public bool Bilinear => Upsample == Upsampling.Bilinear;

    public static EvaluationOptions Of(EvalConfig eval) =>
        new(ConfigChoice.Parse<MetricMode>("eval.metrics", eval.Metrics), ConfigChoice.Parse<Upsampling>("eval.upsample", eval.Upsample));
}
