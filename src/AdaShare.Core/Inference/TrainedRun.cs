using AdaShare.Methods.AdaShare;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;
using AdaShare.Training.Phases;
using TorchSharp;
using AdaShare.Experiments;

namespace AdaShare.Inference;

/// <summary>
/// The selected model of a finished AdaShare run: its config, data splits, the re-trained network of the candidate
/// chosen on the validation split and its fixed policy. Every command that works on a trained model (predict, eval,
/// export) opens the run through this class, so "which weights" has one answer.
/// </summary>
public sealed class TrainedRun : IDisposable
{
    private TrainedRun(TrainingContext context, MultiTaskNet net, TaskPolicy policy, CandidateResult candidate)
    {
        Context = context;
        Net = net;
        Policy = policy;
        Candidate = candidate;
        Model = new GatedModel(net, policy);
    }

    public TrainingContext Context { get; }
    public ExperimentConfig Config => Context.Config;
    public MultiTaskNet Net { get; }
    public TaskPolicy Policy { get; }
    public CandidateResult Candidate { get; }

    /// <summary>The network bound to the fixed policy: shared-prefix forward, skipped blocks never computed.</summary>
    public GatedModel Model { get; }

    /// <summary>Opens <paramref name="root"/>; a clear error when it is no run, another method's run, or not re-trained yet.</summary>
    public static TrainedRun Open(string root, Func<ExperimentConfig, ExperimentConfig>? adjust = null)
    {
        var config = ConfigLoader.LoadRun(root);
        if (adjust != null)
            config = adjust(config);
        if (config.Method != AdaShareNames.Method)
            throw new UserErrorException($"{root} is a '{config.Method}' run; this command works on AdaShare runs (method: adashare)");
        var run = new RunDirectory(root);
        var state = run.LoadState();
        if (!state.Completed(AdaShareNames.Retrain) || state.SelectedCandidate is not int selected)
        {
            string done = state.CompletedPhases.Count == 0 ? "none" : string.Join(", ", state.CompletedPhases);
            throw new UserErrorException(
                $"run {root} is unfinished: the retrain phase has not completed (finished phases: {done}); finish it with `adashare train --resume {root}`");
        }
        var context = new TrainingContext(config, DatasetFactory.OpenSplits(config), run, NullProgressSink.Instance);
        var candidate = state.Candidates[selected];
        var policy = RetrainPhase.LoadPolicy(context, candidate);
        var net = new MultiTaskNet(AdaShareNames.Method, config.Model, context.Tasks);
        Checkpoint.LoadModel(net, Path.Combine(run.PhaseCheckpoint(AdaShareNames.RetrainOf(candidate.Name)), "model.pt"));
        net.to(context.Device);
        net.eval();
        return new TrainedRun(context, net, policy, candidate);
    }

    public void Dispose() => Net.Dispose();
}
