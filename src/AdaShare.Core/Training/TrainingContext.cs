using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Distributed;
using AdaShare.Model;
using AdaShare.Tasks;
using AdaShare.Weighting;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaShare.Training;

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
        Loss = new MultiTaskLoss(Tasks, config.Model.LossResolutionMode == LossResolution.Input);
        Weighting = WeightingOptions.From(config.Weighting);
        TargetNames = Tasks.Select(t => t.Target.Name).Distinct().ToArray();
        Observer = run.IsWriter ? new TensorBoardObserver(Path.Combine(run.Root, "tensorboard")) : NullTrainingObserver.Instance;
        Log = new TrainLog(run.TrainLog) { Enabled = run.IsWriter, Observer = Observer };
        Parallel = new DataParallel(run.Comm, config.Train.SyncBn);
        LocalBatchSize = Parallel.LocalBatch(config.Train.BatchSize, "train.batch_size");
        // Dropout masks are drawn for the global batch and sliced to this rank's samples (one job per process).
        BatchShard.Current = new BatchShard(run.Comm.Rank, run.Comm.Size);
    }

    public ExperimentConfig Config { get; }
    public DataSplits Data { get; }
    public RunDirectory Run { get; }
    public IProgressSink Progress { get; }
    public Device Device { get; }
    public IReadOnlyList<TaskSpec> Tasks { get; }
    public IReadOnlyList<string> TaskNames => Tasks.Select(t => t.Name).ToList();
    public MultiTaskLoss Loss { get; }

    /// <summary>The config's loss weighting, parsed once.</summary>
    public WeightingOptions Weighting { get; }

    /// <summary>A fresh loss weighting for one training loop over <paramref name="data"/> (DWA's default epoch: one pass over it).</summary>
    public ILossWeighting CreateWeighting(IMultiTaskDataset data)
    {
        long epoch = Weighting.EpochIters > 0 ? Weighting.EpochIters : Math.Max(1, (data.Count + Config.Train.BatchSize - 1) / Config.Train.BatchSize);
        return LossWeightings.Create(Weighting, new WeightingContext(Loss.LossWeights, Config.Seed, epoch, Device, Parallel.AverageInPlace));
    }
    public IReadOnlyList<string> TargetNames { get; }
    public TrainLog Log { get; init; }

    /// <summary>
    /// Null: the re-train phase re-trains every candidate not finished yet. Otherwise it only collects candidates
    /// re-trained by `--candidate` jobs, waiting this long for missing ones before it reports them.
    /// </summary>
    public TimeSpan? AwaitCandidates { get; init; }

    /// <summary>
    /// How many sampled candidates the re-train phase re-trains at once, as child processes of this program with their
    /// share of the threads (<see cref="ParallelJobs"/>); 1: one after another in this process.
    /// </summary>
    public int Jobs { get; init; } = 1;

    /// <summary>How those parallel re-trains are started: child processes of this program unless a host supplies its own.</summary>
    public IJobLauncher Launcher { get; init; } = ParallelJobs.ChildProcesses;

    /// <summary>Sees every logged row and finished phase (TensorBoard event files in &lt;run&gt;/tensorboard; rank 0 only).</summary>
    public ITrainingObserver Observer { get; }

    /// <summary>Data-parallel training over the run's ranks (one rank: plain training).</summary>
    public DataParallel Parallel { get; }

    /// <summary>This rank's share of train.batch_size.</summary>
    public int LocalBatchSize { get; }

    /// <summary>Batches of a split: training batches get the config's augmentation and this rank's slice, all images
    /// the input normalisation.</summary>
    public BatchBuilder Batches(IMultiTaskDataset dataset) =>
        new(dataset, TargetNames, Device, DatasetFactory.Augmentation(Config.Data), DatasetFactory.Normalization(Config.Data))
        {
            Shard = new BatchShard(Run.Comm.Rank, Run.Comm.Size),
        };

    /// <summary>
    /// The method's network (<paramref name="create"/>, called with libtorch seeded by the run's seed) with the run's
    /// initial random weights: saved on first use (after model.init), loaded afterwards, so that every phase and every
    /// re-trained candidate starts from the same initialisation.
    /// </summary>
    public MultiTaskNet CreateInitialModel(Func<MultiTaskNet> create)
    {
        manual_seed(Config.Seed);
        var model = create();
        // Other data-parallel ranks get rank 0's weights when training starts (DataParallel.Attach), never a half-written file.
        if (Run.IsWriter)
        {
            if (File.Exists(Run.InitialWeights))
                Checkpoint.LoadInitial(model, Run.InitialWeights);
            else
            {
                Interop.ImageNetInit.Apply(Config.Model, model.backbone);
                Checkpoint.SaveInitial(model, Run.InitialWeights);
            }
        }
        model.to(Device);
        return model;
    }

    /// <summary>A warning the user must see (terminal) and find later (run-log.txt).</summary>
    public void Warn(string text)
    {
        Progress.Message($"warning: {text}");
        Run.AppendRunLog($"warning: {text}");
    }

    /// <summary>The same run seen through another run directory (a phase re-run works on a staging copy).</summary>
    public TrainingContext WithRun(RunDirectory run) => new(Config, Data, run, Progress) { AwaitCandidates = AwaitCandidates, Jobs = Jobs, Launcher = Launcher };

    /// <summary>Sets libtorch's global RNG (dropout) for one step, so a resumed run draws what an uninterrupted one would.</summary>
    public void SeedStep(string phase, long step) => manual_seed(SeedMix.Hash(Config.Seed, phase, step));

    /// <summary>
    /// With several ranks: checks that every rank holds rank 0's parameters (logged as replica_divergence at each
    /// checkpoint) and stops the job if they drifted apart.
    /// </summary>
    public void CheckReplicas(string phase, long step, params torch.nn.Module[] modules)
    {
        if (Parallel.Ranks == 1)
            return;
        double divergence = modules.Max(m => Parallel.MaxParameterDivergence(m));
        Log.Append(phase, step, new Dictionary<string, double> { ["replica_divergence"] = divergence });
        if (divergence > 1e-5)
            throw new InvalidOperationException($"{phase} step {step}: the {Parallel.Ranks} ranks' parameters differ by up to {divergence:G3}; data-parallel training lost sync");
    }
}
