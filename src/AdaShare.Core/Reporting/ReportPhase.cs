using System.Text.Json;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Training;
using AdaShare.Training.Phases;

namespace AdaShare.Reporting;

/// <summary>Last phase: report.md and the pictures (policy, policy evolution, training curves, test predictions).</summary>
public sealed class ReportPhase(IEvaluatedMethod method) : IPhase
{
    public string Name => "report";
    public IReadOnlyList<string> Requires => new[] { EvaluationPhase.PhaseName };
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
        // A network that runs a fixed policy: its test predictions and the stages of its blocks (for the policy table).
        if (policy != null)
        {
            var trained = method.OpenTrained(ctx, state);
            try
            {
                if (trained is [{ Model: GatedModel gated }])
                {
                    PredictionPicture.Save(run.File("predictions.png"), gated, ctx.Batches(ctx.Data.Test), ctx.Tasks,
                        ctx.Config.Eval.PredictionImages, ctx.Config.Eval.Options.Bilinear);
                    stages = gated.Net.backbone.StageOfBlock;
                }
            }
            finally
            {
                foreach (var t in trained)
                    t.Model.Module.Dispose();
            }
        }
        // The report lists this phase's own time too, so it is written after the pictures.
        run.WriteText(run.ReportMd, RunReport.Build(ctx.Config, method.Schedule(ctx.Config), run, state, metrics, policy, probabilities, stages, ctx.Data));
    }
}
