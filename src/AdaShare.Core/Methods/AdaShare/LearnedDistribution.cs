using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Methods.AdaShare;

/// <summary>
/// A run's learned policy distribution read back from its checkpoint: the logits at the end of policy learning
/// (<see cref="PolicySource.Last"/>) or the best validated ones (<see cref="PolicySource.Best"/>, policy.from: best),
/// with p(execute) per task and decision block, its argmax and its decisiveness. Reads a run that stopped after
/// policy learning as well as a finished one.
/// </summary>
public sealed record LearnedDistribution(PolicySource Source, int? Alternation, double? ValidationScore,
    float[,] ExecuteProbabilities, TaskPolicy Argmax, PolicyDecisiveness Decisiveness)
{
    /// <summary>Null when the run has no such logits (policy learning unfinished, or `best` not tracked).</summary>
    public static LearnedDistribution? Load(RunDirectory run, ExperimentConfig config, PolicySource source)
    {
        var state = run.LoadState();
        if (!state.Completed(AdaShareNames.Policy))
            return null;
        string path;
        int? alternation = null;
        double? score = null;
        if (source == PolicySource.Best)
        {
            path = Path.Combine(run.PhaseCheckpoint(BestPolicyTracker.Folder), "policy.pt");
            var record = run.ReadJson<BestPolicyRecord>(Path.Combine(run.PhaseCheckpoint(BestPolicyTracker.Folder), "best.json"));
            if (record == null || !File.Exists(path))
                return null;
            (alternation, score) = (record.Alternation, record.Score);
        }
        else
            path = Path.Combine(run.PhaseCheckpoint(AdaShareNames.Policy), "policy.pt");

        var taskNames = config.Tasks.Select(t => t.Name).ToList();
        int blocks = BackboneSpec.Create(config.Model.Backbone, config.Model.Width).BlockCount;
        using var logits = PolicyLearningPhase.CreateLogits(config, blocks);
        Checkpoint.LoadModel(logits, path);
        var probs = logits.ExecuteProbabilities();
        var rows = Enumerable.Range(0, logits.Tasks).Select(k => Enumerable.Range(0, logits.DecisionBlocks).Select(l => (double)probs[k, l]));
        return new LearnedDistribution(source, alternation, score, probs, PolicySampler.Argmax(probs, taskNames, blocks), PolicyDecisiveness.Of(rows));
    }
}
