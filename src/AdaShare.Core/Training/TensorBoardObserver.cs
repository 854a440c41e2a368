using static TorchSharp.torch;
using SummaryWriter = TorchSharp.Modules.SummaryWriter;

namespace AdaShare.Training;

/// <summary>
/// Writes a run's numbers as TensorBoard event files (TorchSharp's SummaryWriter) under &lt;run&gt;/tensorboard:
/// every logged scalar as "&lt;phase&gt;/&lt;name&gt;" (loss and per-task loss terms, learning rate, τ, sparsity and sharing
/// terms, p_execute per task and block), each re-trained candidate's validation metrics as "val/&lt;candidate&gt;/&lt;task&gt;/&lt;metric&gt;",
/// the test metrics as "test/&lt;task&gt;/&lt;metric&gt;", and the report's pictures as images. The file is opened on the
/// first value, so commands that only read a run (predict, eval) never leave an empty one.
/// </summary>
public sealed class TensorBoardObserver(string logDir) : ITrainingObserver
{
    private SummaryWriter? writer;

    public string LogDir => logDir;

    private SummaryWriter Writer => writer ??= utils.tensorboard.SummaryWriter(logDir, createRunName: false);

    public void Scalars(string phase, long step, IReadOnlyDictionary<string, double> values)
    {
        foreach (var (name, value) in values)
            Writer.add_scalar($"{phase}/{name}", (float)value, Step(step));
    }

    // Each phase's outputs are found by what exists, not by the phase's name, so a user's own method with its own
    // phase names gets its candidates, test metrics and pictures logged too. Each item is written once per version.
    private readonly HashSet<string> written = [];

    public void PhaseCompleted(TrainingContext ctx, RunState state, string phase)
    {
        foreach (var candidate in state.Candidates.Where(c => c.Retrained && c.ValMetrics.Count > 0))
            if (written.Add("val/" + candidate.Name))
                foreach (var (task, metrics) in candidate.ValMetrics)
                    foreach (var m in metrics)
                        Writer.add_scalar($"val/{candidate.Name}/{task}/{m.Name}", (float)m.Value, Step(ctx.Config.Train.RetrainIters));

        if (File.Exists(ctx.Run.MetricsJson) && written.Add(Version(ctx.Run.MetricsJson)))
        {
            var result = RunMetrics.Load(ctx.Run.MetricsJson);
            foreach (var (task, metrics) in result.Tasks)
                foreach (var m in metrics)
                    Writer.add_scalar($"test/{task}/{m.Name}", (float)m.Value, 0);
            if (result.DeltaT is double deltaT)
                Writer.add_scalar("test/delta_t_percent", (float)deltaT, 0);
        }

        foreach (string picture in Pictures)
        {
            string path = ctx.Run.File(picture + ".png");
            if (File.Exists(path) && written.Add(Version(path)))
                Writer.add_img(picture, path, 0);
        }
    }

    private static readonly string[] Pictures = ["predictions", "policy", "policy-evolution", "training-curves"];

    private static string Version(string path) => path + "@" + File.GetLastWriteTimeUtc(path).Ticks;

    private static int Step(long step) => (int)Math.Min(step, int.MaxValue);
}
