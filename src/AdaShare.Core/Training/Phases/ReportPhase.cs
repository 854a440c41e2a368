using AdaShare.Methods.AdaShare;
using System.Text.Json;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Reporting;

namespace AdaShare.Training.Phases;

/// <summary>Last phase: report.md and the pictures (policy, policy evolution, training curves, test predictions).</summary>
public sealed class ReportPhase : IPhase
{
    public string Name => "report";
    public IReadOnlyList<string> Requires => new[] { "eval" };
    public IReadOnlyList<string> Outputs => new[] { "report.md", "policy.png", "policy-evolution.png", "training-curves.png", "predictions.png" };

    public void Run(TrainingContext ctx, RunState state)
    {
        var run = ctx.Run;
        var metrics = File.Exists(run.MetricsJson) ? RunMetrics.Load(run.MetricsJson) : null;
        var policy = File.Exists(run.PolicyJson) ? TaskPolicy.FromJson(File.ReadAllText(run.PolicyJson), run.PolicyJson) : null;
        string probsPath = Path.Combine(run.Policies, "probabilities.json");
        var probabilities = File.Exists(probsPath)
            ? JsonSerializer.Deserialize<Dictionary<string, List<double>>>(File.ReadAllText(probsPath))
            : null;

        if (probabilities != null)
        {
            var grid = new double[ctx.Tasks.Count, probabilities[ctx.Tasks[0].Name].Count];
            for (int k = 0; k < ctx.Tasks.Count; k++)
                for (int l = 0; l < grid.GetLength(1); l++)
                    grid[k, l] = probabilities[ctx.Tasks[k].Name][l];
            PolicyPlot.Save(run.File("policy.png"), ctx.TaskNames, grid, policy);
        }
        TrainingCurvesPlot.Save(run.File("training-curves.png"), run.TrainLog);
        TrainingCurvesPlot.SavePolicyEvolution(run.File("policy-evolution.png"), run.TrainLog);

        IReadOnlyList<int>? stages = null;
        if (state.SelectedCandidate is int selected && policy != null)
        {
            using var net = ctx.CreateInitialModel();
            Checkpoint.LoadModel(net, Path.Combine(run.PhaseCheckpoint($"retrain-{state.Candidates[selected].Name}"), "model.pt"));
            PredictionPicture.Save(run.File("predictions.png"), new GatedModel(net, policy), ctx.Batches(ctx.Data.Test), ctx.Tasks,
                ctx.Config.Eval.PredictionImages, ctx.Config.Eval.Upsample == "bilinear");
            stages = net.backbone.StageOfBlock;
        }
        // The report lists this phase's own time too, so it is written after the pictures.
        run.WriteText(run.ReportMd, RunReport.Build(ctx.Config, run, state, metrics, policy, probabilities, stages, ctx.Data));
    }
}
