using AdaShare.Config;
using AdaShare.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Training;

/// <summary>One separately trained network of a baseline: the checkpoint (phase) name and the context of its tasks.</summary>
public sealed record ModelPart(string Phase, TrainingContext Context)
{
    /// <summary>The networks a factory trains: one for all tasks ("train"), or one per task ("train-&lt;task&gt;"), each
    /// seen through a context restricted to its task (same data, run directory and progress sink).</summary>
    public static IReadOnlyList<ModelPart> Of(TrainingContext ctx, IModelFactory factory)
    {
        if (!factory.OneModelPerTask)
            return new[] { new ModelPart(Phases.TrainModelPhase.PhaseName, ctx) };
        return ctx.Config.Tasks.Select(task =>
        {
            var config = ConfigYaml.Clone(ctx.Config, $"{ctx.Config.Name} (task {task.Name})");
            config.Tasks = new List<TaskConfig> { config.Tasks.Single(t => t.Name == task.Name) };
            return new ModelPart($"{Phases.TrainModelPhase.PhaseName}-{task.Name}", new TrainingContext(config, ctx.Data, ctx.Run, ctx.Progress));
        }).ToList();
    }

    /// <summary>A fresh network with the seeded initial weights, on the run's device (identical for every call).</summary>
    public IMultiTaskModel CreateModel(IModelFactory factory)
    {
        manual_seed(Context.Config.Seed);
        var model = factory.Create(Context);
        model.Module.to(Context.Device);
        return model;
    }
}
