namespace AdaShare.Training.Phases;

/// <summary>policy.json is derived (from the selected candidate, or a baseline's fixed policy): restore it when it is gone or differs.</summary>
public static class PolicyFile
{
    public static void Restore(TrainingContext ctx, string expected, string source)
    {
        string path = ctx.Run.PolicyJson;
        bool exists = File.Exists(path);
        if (exists && File.ReadAllText(path) == expected)
            return;
        ctx.Run.WriteText(path, expected);
        ctx.Warn($"{path} was {(exists ? "damaged or edited" : "missing")}; written again from {source}");
    }
}
