using YamlDotNet.Serialization;
namespace AdaShare.Config;

/// <summary>
/// One experiment, as written in YAML (snake_case keys). Defaults follow the paper / official code where they exist;
/// the built-in scenes configs override sizes so that a run fits a 2-core CPU in minutes.
/// </summary>
public sealed class ExperimentConfig
{
    public string Name { get; set; } = "experiment";

    /// <summary>adashare, or one of the baselines (see `adashare methods`).</summary>
    public string Method { get; set; } = "adashare";
    public int Seed { get; set; } = 0;
    public string Device { get; set; } = "cpu";

    /// <summary>libtorch intra-op threads; 0 = libtorch's default (one per core).</summary>
    public int Threads { get; set; } = 0;

    public DataConfig Data { get; set; } = new();
    public ModelConfig Model { get; set; } = new();
    public List<TaskConfig> Tasks { get; set; } = new();
    public PolicyConfig Policy { get; set; } = new();
    public TrainConfig Train { get; set; } = new();

    /// <summary>Loss weighting (see docs/weighting.md); absent = ew, the config's fixed λ. Left out of the saved YAML when
    /// absent, so runs from before weightings existed keep their config.yaml.</summary>
    [YamlDotNet.Serialization.YamlMember(DefaultValuesHandling = YamlDotNet.Serialization.DefaultValuesHandling.OmitNull)]
    public WeightingConfig? Weighting { get; set; }

    public EvalConfig Eval { get; set; } = new();
    public OutputConfig Output { get; set; } = new();
}

public sealed class DataConfig
{
    /// <summary>A dataset kind (see <c>Data/DatasetKinds.cs</c>): scenes (built-in, generated), nyuv2 / cityscapes (official
    /// AdaShare layouts), nyuv2-npy / cityscapes-npy (MTAN layouts) or folder (your own data).</summary>
    public string Dataset { get; set; } = "scenes";

    /// <summary>Folder of an on-disk dataset; unused for scenes.</summary>
    public string? Root { get; set; }

    public int Height { get; set; } = 64;
    public int Width { get; set; } = 80;
    public int TrainSize { get; set; } = 2000;
    public int ValSize { get; set; } = 300;
    public int TestSize { get; set; } = 300;

    /// <summary>Seed of the generated data (scenes); independent of the training seed.</summary>
    public int DataSeed { get; set; } = 0;

    /// <summary>Keep decoded samples in memory after first use.</summary>
    public bool Cache { get; set; } = true;

    /// <summary>Random horizontal flip during training (normals' x is negated, unlike the official code).</summary>
    public bool Flip { get; set; } = true;

    /// <summary>Number of segmentation classes: nyuv2-npy without classes.json (default 13); cityscapes-npy picks label_2/7/19 (default 7);
    /// cityscapes picks label 2/7/19 (default 19, the paper's); nyuv2 has 40.</summary>
    public int? NumClasses { get; set; }

    /// <summary>Training augmentation: random scale range [min, max] (official: [0.5, 1.5]); needs <see cref="Crop"/>. Null = no scaling.</summary>
    public List<double>? RandomScale { get; set; }

    /// <summary>Training augmentation: random crop [height, width] (official: 321×321 NYUv2, 224×224 CityScapes), padded
    /// with each map's invalid value where the scaled image is smaller. Null = train at the dataset's size.</summary>
    public List<int>? Crop { get; set; }

    /// <summary>Input normalisation: none, bgr-mean (official NYUv2 / CityScapes) or imagenet; null = the dataset kind's default.</summary>
    public string? Normalize { get; set; }

    /// <summary>folder: the targets, each with the sub-folder it is read from, its kind and its ignore value.</summary>
    public List<FolderTargetConfig> Targets { get; set; } = new();

    /// <summary>folder: resize every image to [height, width] (targets nearest); null = images of a split must share one size.</summary>
    public List<int>? Resize { get; set; }
}

/// <summary>One target of a <c>folder</c> dataset: <c>root/{split}/{folder}/NAME.{png,npy}</c> or a <c>labels.csv</c>.</summary>
public sealed class FolderTargetConfig
{
    /// <summary>Target name (what tasks refer to); also the sub-folder unless <see cref="Folder"/> is set.</summary>
    public string Name { get; set; } = "";

    /// <summary>segmentation, depth, normal, edge, keypoint or classification.</summary>
    public string Kind { get; set; } = "";

    public string? Folder { get; set; }

    /// <summary>The stored value that marks an invalid pixel (segmentation, edge, keypoint: a label/value; depth: a
    /// value; normal: a value every channel has, e.g. 0 or 255 for an encoded PNG). Null = none marked.</summary>
    public double? Ignore { get; set; }

    /// <summary>segmentation / classification: number of classes (or give <see cref="Classes"/>).</summary>
    public int? NumClasses { get; set; }

    public List<string>? Classes { get; set; }

    /// <summary>Multiplies stored values (e.g. 0.001 for depth PNGs in millimetres, 1/255 for 8-bit edge maps). Normals: see <see cref="Encoding"/>.</summary>
    public double Scale { get; set; } = 1.0;

    /// <summary>normal: unit (stored as unit vectors, .npy) or rgb (PNG encoded (n + 1)·127.5, as NYUv2's normal_mask).</summary>
    public string? Encoding { get; set; }
}

public sealed class ModelConfig
{
    /// <summary>resnet18 (L = 8 blocks) or resnet34 (L = 16).</summary>
    public string Backbone { get; set; } = "resnet18";

    /// <summary>true: Deeplab-v2 dilated trunk, output stride 8 (NYUv2, CityScapes, Taskonomy); false: plain torchvision
    /// ResNet, strides [1, 2, 2, 2], output stride 32 (the paper's DomainNet trunk).</summary>
    public bool Dilated { get; set; } = true;

    /// <summary>Every task gets its own batch norms in the trunk (the paper's DomainNet setting); convolutions stay shared.</summary>
    public bool TaskBatchNorm { get; set; } = false;

    /// <summary>Channel multiplier on (64, 128, 256, 512).</summary>
    public double Width { get; set; } = 1.0;

    /// <summary>Hidden channels of each ASPP branch (1024 in the paper).</summary>
    public int HeadChannels { get; set; } = 1024;

    public List<int> AsppDilations { get; set; } = new() { 6, 12, 18, 24 };
    public double HeadDropout { get; set; } = 0.5;

    /// <summary>Where the task losses are computed: "prediction" (stride 8, ground truth nearest-downsampled; official)
    /// or "input" (prediction bilinearly upsampled to the input size).</summary>
    public string LossResolution { get; set; } = "prediction";

    [YamlIgnore]
    public LossResolution LossResolutionMode => ConfigChoice.Parse<LossResolution>("model.loss_resolution", LossResolution);

    /// <summary>Initial trunk weights: "random" (the official init) or "imagenet:PATH", a torchvision ResNet-18/34
    /// state_dict file (the DomainNet setting); the heads stay random.</summary>
    public string Init { get; set; } = "random";
}

public sealed class TaskConfig
{
    /// <summary>Task name; also the dataset target it learns unless <see cref="Target"/> says otherwise.</summary>
    public string Name { get; set; } = "";

    /// <summary>segmentation, depth, normal, edge, keypoint or classification; defaults to the name.</summary>
    public string? Kind { get; set; }

    public string? Target { get; set; }
    public double Weight { get; set; } = 1.0;
}

public sealed class PolicyConfig
{
    /// <summary>Initial value of both logits (execute, skip) of every block; 0.5 as the official code.</summary>
    public double InitLogit { get; set; } = 0.5;

    /// <summary>soft (official: soft Gumbel-Softmax samples) or hard (straight-through one-hot samples).</summary>
    public string Gumbel { get; set; } = "soft";

    [YamlIgnore]
    public GumbelMode GumbelMode => ConfigChoice.Parse<GumbelMode>("policy.gumbel", Gumbel);

    /// <summary>batch (official: one draw per task and block for the whole batch) or image (one draw per image: the
    /// logits' gradient averages over the batch's draws, so it is less noisy at the same cost).</summary>
    public string GumbelDraw { get; set; } = "batch";

    [YamlIgnore]
    public GumbelDraw GumbelDrawMode => ConfigChoice.Parse<GumbelDraw>("policy.gumbel_draw", GumbelDraw);

    public double Tau0 { get; set; } = 5.0;

    /// <summary>Temperature factor applied after every policy-update phase.</summary>
    public double TauDecay { get; set; } = 0.965;

    /// <summary>Alternations per curriculum step (3 for NYUv2/CityScapes, 1 for Taskonomy).</summary>
    public int CurriculumSpeed { get; set; } = 3;

    public bool Curriculum { get; set; } = true;

    /// <summary>First blocks without a decision (always executed); 0 in all official settings.</summary>
    public int SkipLayer { get; set; } = 0;

    public double SparsityWeight { get; set; } = 0.05;
    public double SharingWeight { get; set; } = 0.05;

    /// <summary>Weight of the policy-entropy term (not in the paper, 0 = off): makes the learned decisions decisive.</summary>
    public double EntropyWeight { get; set; } = 0;

    /// <summary>The temperature below which the entropy term is on, its weight growing as w·(1 − τ/τ_start); unset: τ0
    /// (on from the start). A later start lets the task losses and the sparsity term set a decision's lean first.</summary>
    public double? EntropyStartTau { get; set; }

    /// <summary>paper: w_l = (L − l)/L (early blocks weigh most); official: w_l = (l + 1)/L.</summary>
    public string SharingWeighting { get; set; } = "paper";

    [YamlIgnore]
    public SharingWeighting SharingWeightingMode => ConfigChoice.Parse<SharingWeighting>("policy.sharing_weighting", SharingWeighting);

    /// <summary>logit (the execute logit, as paper and code) or probability (softmax execute probability).</summary>
    public string SharingOn { get; set; } = "logit";

    [YamlIgnore]
    public SharingOn SharingOnMode => ConfigChoice.Parse<SharingOn>("policy.sharing_on", SharingOn);

    /// <summary>How many architectures to sample from the learned distribution (each is re-trained; best on val wins).</summary>
    public int Samples { get; set; } = 1;

    /// <summary>Which logits the architectures are sampled from: last (the end of policy learning) or best (the
    /// alternation whose argmax policy scored best on the validation split, as the official code; costs one
    /// validation pass per alternation).</summary>
    public string From { get; set; } = "last";

    [YamlIgnore]
    public PolicySource Source => ConfigChoice.Parse<PolicySource>("policy.from", From);

    /// <summary>Also re-train the argmax (most likely) policy as a candidate.</summary>
    public bool IncludeArgmax { get; set; } = false;

    /// <summary>Execute rate of the random-policy baseline (`adashare compare` sets AdaShare's learned rate).</summary>
    public double RandomExecuteRate { get; set; } = 0.5;
}

public sealed class TrainConfig
{
    public int BatchSize { get; set; } = 16;
    public int WarmupIters { get; set; } = 4000;

    /// <summary>Number of (weight phase, policy phase) alternations of policy learning.</summary>
    public int Alternations { get; set; } = 40;

    /// <summary>Weight-update iterations per alternation (on train1).</summary>
    public int WeightItersPerAlternation { get; set; } = 400;

    /// <summary>Policy-update iterations per alternation (on train2).</summary>
    public int PolicyItersPerAlternation { get; set; } = 100;

    public int RetrainIters { get; set; } = 20000;

    public double LrHeads { get; set; } = 1e-3;
    public double LrBackbone { get; set; } = 1e-3;
    public double LrPolicy { get; set; } = 0.01;
    public double WeightDecay { get; set; } = 1e-4;
    public double PolicyWeightDecay { get; set; } = 5e-4;

    /// <summary>Step decay of warm-up and re-train learning rates: ×gamma every step iterations.</summary>
    public int LrStep { get; set; } = 4000;
    public double LrGamma { get; set; } = 0.5;

    /// <summary>Optimiser of the weights during policy learning: sgd (official: momentum 0.9, constant LR) or adam.</summary>
    public string PolicyPhaseWeightOptimizer { get; set; } = "sgd";

    [YamlIgnore]
    public WeightOptimizer PolicyPhaseWeightOptimizerKind => ConfigChoice.Parse<WeightOptimizer>("train.policy_phase_weight_optimizer", PolicyPhaseWeightOptimizer);

    public int CheckpointEvery { get; set; } = 200;

    /// <summary>Warn when a step's loss exceeds this factor × the running median of recent losses (0 = off); checkpoints
    /// are not updated while it does, so a NaN stop keeps the last healthy one.</summary>
    public double DivergenceFactor { get; set; } = 20;
    public int LogEvery { get; set; } = 10;

    /// <summary>Data-parallel runs (mpirun): batch-norm statistics over the global batch instead of each rank's slice.</summary>
    public bool SyncBn { get; set; } = false;
}

/// <summary>`weighting: {name: dwa, temperature: 2}`: a registered loss weighting and its settings (null = the paper's default).</summary>
public sealed class WeightingConfig
{
    /// <summary>ew, uw, dwa, gradnorm, pcgrad, cagrad, or a registered one.</summary>
    public string Name { get; set; } = "ew";

    /// <summary>DWA's temperature T (default 2).</summary>
    public double? Temperature { get; set; }

    /// <summary>GradNorm's asymmetry α (default 1.5).</summary>
    public double? Alpha { get; set; }

    /// <summary>GradNorm's learning rate for its weights (default 0.025).</summary>
    public double? Lr { get; set; }

    /// <summary>CAGrad's c (default 0.4).</summary>
    public double? C { get; set; }

    /// <summary>DWA's epoch in weight-update iterations (default 0: one pass over the phase's training split).</summary>
    public int? EpochIters { get; set; }
}

public sealed class EvalConfig
{
    /// <summary>Metric definitions: standard, or official-compat (the official code's quirks, labelled).</summary>
    public string Metrics { get; set; } = "standard";

    /// <summary>How predictions reach the input size for metrics: bilinear or nearest (official).</summary>
    public string Upsample { get; set; } = "bilinear";

    /// <summary>eval.metrics and eval.upsample, typed (the validator has refused unknown values).</summary>
    [YamlIgnore]
    public EvaluationOptions Options => EvaluationOptions.Of(this);

    public int BatchSize { get; set; } = 32;

    /// <summary>Which metrics of each task enter Δ_T: paper (the AdaShare paper's table columns, depth with δ1–δ3) or
    /// mtan (the MTAN/LibMTL convention, depth abs and rel only); printed with every Δ_T.</summary>
    public string DeltaTMetrics { get; set; } = "paper";

    /// <summary>Optional metrics.json of single-task runs (task → metric → value) for Δ_T.</summary>
    public string? SingleTaskBaseline { get; set; }

    /// <summary>How many test images the predictions picture shows.</summary>
    public int PredictionImages { get; set; } = 4;
}

public sealed class OutputConfig
{
    /// <summary>Parent folder of run directories.</summary>
    public string RunsDir { get; set; } = "runs";
}
