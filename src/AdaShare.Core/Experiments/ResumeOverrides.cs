using System.Globalization;

using AdaShare.Config;

namespace AdaShare.Experiments;

/// <summary>
/// `--resume DIR --set key=value`: only keys that do not change what the checkpoints mean may change on resume —
/// learning rates (e.g. lowered after a NaN stop), iteration counts and the checkpoint interval. Any other key is
/// refused by name; changing it needs a new run.
/// </summary>
public static class ResumeOverrides
{
    public static readonly IReadOnlyList<string> Allowed = new[]
    {
        "train.lr_heads", "train.lr_backbone", "train.lr_policy",
        "train.warmup_iters", "train.alternations", "train.retrain_iters",
        "train.checkpoint_every", "device",
    };

    /// <summary>The saved config with the overrides applied, and each change as "key: old → new".</summary>
    public static (ExperimentConfig Config, IReadOnlyList<string> Changes) Apply(ExperimentConfig saved, IReadOnlyList<string> overrides, string source)
    {
        foreach (string item in overrides)
        {
            int eq = item.IndexOf('=');
            string key = eq > 0 ? item[..eq].Trim() : item;
            if (eq <= 0)
                throw new ConfigException($"override '{item}' is not of the form key.path=value");
            if (!Allowed.Contains(key))
                throw new ConfigException($"--set {key}: cannot change when resuming (the checkpoints were made with the saved value); keys that may change: {string.Join(", ", Allowed)}");
        }
        var changed = ConfigLoader.WithOverrides(saved, overrides, source);
        var before = Flatten(saved);
        var after = Flatten(changed);
        var changes = after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value)
            .Select(kv => $"{kv.Key}: {before.GetValueOrDefault(kv.Key)} → {kv.Value}").ToList();
        return (changed, changes);
    }

    private static Dictionary<string, string> Flatten(ExperimentConfig c) => new()
    {
        ["train.lr_heads"] = Text(c.Train.LrHeads), ["train.lr_backbone"] = Text(c.Train.LrBackbone), ["train.lr_policy"] = Text(c.Train.LrPolicy),
        ["train.warmup_iters"] = Text(c.Train.WarmupIters), ["train.alternations"] = Text(c.Train.Alternations),
        ["train.retrain_iters"] = Text(c.Train.RetrainIters), ["train.checkpoint_every"] = Text(c.Train.CheckpointEvery), ["device"] = c.Device,
    };

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
