using AdaShare.Metrics;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Methods.AdaShare;

/// <summary>What <see cref="BestPolicyTracker"/> keeps on disk (checkpoints/policy-best/best.json).</summary>
public sealed class BestPolicyRecord
{
    public int Alternation { get; set; }
    public double Score { get; set; }

    /// <summary>Validation metrics of the first scored alternation: the fixed reference every score is relative to.</summary>
    public Dictionary<string, List<MetricValue>> Reference { get; set; } = new();
}

/// <summary>
/// policy.from: best — as the official code, keep the logits with the best validation score seen during policy
/// learning. After each alternation the argmax policy of the current logits, with the current weights, is scored on
/// the validation split as Δ_T (config's metric set) against the first alternation's validation metrics; the best
/// logits go to checkpoints/policy-best/policy.pt. (The official code scores a fresh random architecture per batch.)
/// </summary>
public sealed class BestPolicyTracker(TrainingContext ctx)
{
    public const string Folder = AdaShareNames.BestPolicy;

    private string Dir => ctx.Run.PhaseCheckpoint(Folder);
    public string LogitsPath => Path.Combine(Dir, "policy.pt");
    private string RecordPath => Path.Combine(Dir, "best.json");

    public BestPolicyRecord? Load() => ctx.Run.ReadJson<BestPolicyRecord>(RecordPath);

    /// <summary>Scores alternation <paramref name="alternation"/> and keeps its logits when they are the best so far.</summary>
    public double Update(MultiTaskNet model, PolicyLogits logits, int alternation)
    {
        var argmax = PolicySampler.Argmax(logits.ExecuteProbabilities(), ctx.TaskNames, model.BlockCount);
        var val = Evaluator.Evaluate(new GatedModel(model, argmax), ctx.Batches(ctx.Data.Val), ctx.Tasks, ctx.Config.Eval.BatchSize,
            ctx.Config.Eval.Options);
        var best = Load();
        var reference = best?.Reference.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricValue>)kv.Value) ?? val;
        var (usable, _) = DeltaT.UsableMetrics(reference, ctx.TaskNames, DeltaTSettings.Selection(ctx.Config));
        var perTask = usable.Where(kv => kv.Value.Count > 0).Select(kv => DeltaT.ComputeTask(kv.Key, val[kv.Key], reference[kv.Key], kv.Value)).ToList();
        double score = perTask.Count > 0 ? perTask.Average() : 0;
        if (best == null || score > best.Score)
        {
            Directory.CreateDirectory(Dir);
            string temp = LogitsPath + ".tmp";
            logits.save(temp);
            File.Move(temp, LogitsPath, overwrite: true);
            ctx.Run.WriteJson(RecordPath, new BestPolicyRecord
            {
                Alternation = alternation,
                Score = score,
                Reference = reference.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
            });
            // Marked finished so that re-running the policy phase discards it with the phase's own checkpoint.
            ctx.Run.WriteJson(Path.Combine(Dir, "progress.json"), new PhaseProgress { Phase = Folder, Alternation = alternation, Done = true });
        }
        return score;
    }
}
