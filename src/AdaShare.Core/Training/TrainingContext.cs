using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Training;

/// <summary>The splits a run trains and evaluates on; train1/train2 are two halves of train (weights vs policy): the
/// dataset's own (official layouts) or a seeded split (<see cref="Create"/>).</summary>
public sealed record DataSplits(IMultiTaskDataset Train, IMultiTaskDataset Train1, IMultiTaskDataset Train2, IMultiTaskDataset Val, IMultiTaskDataset Test)
{
    public static DataSplits Create(IMultiTaskDataset train, IMultiTaskDataset val, IMultiTaskDataset test, int seed)
    {
        var (t1, t2) = DatasetSubset.SplitInHalves(train, seed);
        return new DataSplits(train, t1, t2, val, test);
    }
}

/// <summary>Everything a phase needs; the phases know tasks only as <see cref="TaskSpec"/> data, never by name.</summary>
public sealed class TrainingContext
{
    public TrainingContext(ExperimentConfig config, DataSplits data, RunDirectory run, IProgressSink progress)
    {
        Config = config;
        Data = data;
        Run = run;
        Progress = progress;
        Device = new Device(config.Device);
        Tasks = TaskSpec.Bind(config.Tasks, data.Train);
        Loss = new MultiTaskLoss(Tasks, config.Model.LossResolution == "input");
        TargetNames = Tasks.Select(t => t.Target.Name).Distinct().ToArray();
        Observer = new TensorBoardObserver(Path.Combine(run.Root, "tensorboard"));
        Log = new TrainLog(run.TrainLog) { Observer = Observer };
    }

    public ExperimentConfig Config { get; }
    public DataSplits Data { get; }
    public RunDirectory Run { get; }
    public IProgressSink Progress { get; }
    public Device Device { get; }
    public IReadOnlyList<TaskSpec> Tasks { get; }
    public IReadOnlyList<string> TaskNames => Tasks.Select(t => t.Name).ToList();
    public MultiTaskLoss Loss { get; }
    public IReadOnlyList<string> TargetNames { get; }
    public TrainLog Log { get; }

    /// <summary>Sees every logged row and finished phase (TensorBoard event files in &lt;run&gt;/tensorboard).</summary>
    public ITrainingObserver Observer { get; }

    /// <summary>Batches of a split: training batches get the config's augmentation, all images its input normalisation.</summary>
    public BatchBuilder Batches(IMultiTaskDataset dataset) =>
        new(dataset, TargetNames, Device, DatasetFactory.Augmentation(Config.Data), DatasetFactory.Normalization(Config.Data));

    /// <summary>A network with the run's initial random weights (saved once, so re-training starts from the same init).</summary>
    public MultiTaskNet CreateInitialModel()
    {
        manual_seed(Config.Seed);
        var model = new MultiTaskNet("adashare", Config.Model, Tasks);
        if (File.Exists(Run.InitialWeights))
            Checkpoint.LoadModel(model, Run.InitialWeights);
        else
        {
            Interop.ImageNetInit.Apply(Config.Model, model.backbone);
            model.save(Run.InitialWeights);
        }
        model.to(Device);
        return model;
    }

    /// <summary>Sets libtorch's global RNG (dropout) for one step, so a resumed run draws what an uninterrupted one would.</summary>
    public void SeedStep(string phase, long step) => manual_seed(SeedMix.Hash(Config.Seed, phase, step));
}
