namespace AdaShare.Data;

/// <summary>
/// A split of a multi-task dataset: every sample is an image plus one target map per task target.
/// Implementations are pure (sample i is a function of the dataset's parameters and i) and thread-safe.
/// </summary>
public interface IMultiTaskDataset
{
    string Name { get; }
    int Count { get; }
    int Height { get; }
    int Width { get; }

    /// <summary>The targets each sample carries, by name (see <see cref="TargetNames"/> for the conventions).</summary>
    IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>
    /// Images per sample: 1 when every task sees the same image; V when targets belong to different images
    /// (DomainNet: one image per domain, each domain a task). <see cref="MultiTaskSample.Image"/> then holds V×3×H×W
    /// and <see cref="TargetInfo.View"/> says which image a target belongs to.
    /// </summary>
    int Views => 1;

    MultiTaskSample Get(int index);
}

/// <summary>
/// A dataset whose training samples are drawn through a random transform (DomainNet's RandomResizedCrop). The batch
/// builder passes one seed per (phase, iteration, slot), so a resumed run draws the same crops.
/// </summary>
public interface IRandomTransformDataset : IMultiTaskDataset
{
    MultiTaskSample GetTransformed(int index, int seed);
}

/// <summary>
/// One target map of a dataset. <see cref="ClassNames"/> is set for label targets (segmentation, classification);
/// <see cref="ClassWeights"/>, when set, re-weights the cross-entropy per class (Taskonomy's semseg_prior_factor.npy).
/// <see cref="View"/> is the image of the sample the target belongs to (see <see cref="IMultiTaskDataset.Views"/>).
/// <see cref="Kind"/> is the value convention of the map (one of the <see cref="TargetNames"/>), needed when a dataset
/// names its targets freely (the folder layout, DomainNet's domains); null means the name is the convention.
/// </summary>
public sealed record TargetInfo(string Name, int Channels, IReadOnlyList<string>? ClassNames = null,
    IReadOnlyList<float>? ClassWeights = null, int View = 0, string? Kind = null)
{
    /// <summary>The value convention: <see cref="Kind"/>, or the name when it is one of <see cref="TargetNames"/>.</summary>
    public string MapKind => Kind ?? Name;
}

/// <summary>One sample: the image (3×H×W, RGB in [0, 1]) and, per target name, its map (C×H×W, row-major).</summary>
public sealed class MultiTaskSample
{
    public required float[] Image { get; init; }
    public required IReadOnlyDictionary<string, float[]> Targets { get; init; }
}

/// <summary>
/// Target names and their value conventions, shared by every dataset loader so that tasks, losses and metrics
/// never need to know which dataset they run on.
/// </summary>
public static class TargetNames
{
    /// <summary>1 channel: class index stored as float; <see cref="IgnoreLabel"/> where undefined.</summary>
    public const string Segmentation = "segmentation";

    /// <summary>1 channel: z-depth in metres; 0 where invalid. Exceptions: cityscapes-npy passes through its stored inverse depth (disparity-like); taskonomy gives log(1 + d)/log(2^16) of its 16-bit z-buffer.</summary>
    public const string Depth = "depth";

    /// <summary>3 channels: unit surface normal in the camera frame (x right, y down, z forward); (0,0,0) where invalid.</summary>
    public const string Normal = "normal";

    /// <summary>1 channel: occlusion-edge strength in [0, 1] (Taskonomy: [−1, 1], as the official code scales it); <see cref="IgnoreLabel"/> where undefined.</summary>
    public const string Edge = "edge";

    /// <summary>1 channel: keypoint heat map in [0, 1] (Taskonomy: [−1, 1], as the official code scales it); <see cref="IgnoreLabel"/> where undefined.</summary>
    public const string Keypoint = "keypoint";

    /// <summary>1 value per image (C = 1, H = W = 1 semantics): class index as float; <see cref="NoLabel"/> where the view has no image.</summary>
    public const string Label = "label";

    /// <summary>Image-level label of a view without an image in this sample (a shorter domain's test list has run out).</summary>
    public const float NoLabel = -1f;

    public const float IgnoreLabel = 255f;
}
