namespace AdaShare.Data.Scenes;

/// <summary>
/// Built-in multi-task dataset of procedural 3D rooms (floor, walls, ceiling, boxes, spheres, cylinders, cones),
/// rendered on the fly by ray casting. Sample i is a pure function of (seed, split, i, options); thread-safe.
/// Targets: segmentation (classes of <see cref="SceneClasses"/>), depth (z, metres), normal (camera frame),
/// edge (binary occlusion edges) and keypoint (Gaussian heat map).
/// </summary>
public sealed class ScenesDataset : IMultiTaskDataset
{
    public static IReadOnlyList<string> Splits { get; } = ["train", "val", "test"];

    private readonly int _splitId;

    public ScenesDataset(ScenesOptions options, string split)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _splitId = split switch
        {
            "train" => 0,
            "val" => 1,
            "test" => 2,
            _ => throw new ArgumentException($"unknown split '{split}': expected train, val or test", nameof(split)),
        };
        Options = options;
        Split = split;
        Count = options.SizeOf(split);
        Intrinsics = CameraIntrinsics.FromFov(options.Height, options.Width, options.HorizontalFovDegrees);
        Targets =
        [
            new TargetInfo(TargetNames.Segmentation, 1, SceneClasses.Names),
            new TargetInfo(TargetNames.Depth, 1),
            new TargetInfo(TargetNames.Normal, 3),
            new TargetInfo(TargetNames.Edge, 1),
            new TargetInfo(TargetNames.Keypoint, 1),
        ];
    }

    public ScenesOptions Options { get; }
    public string Split { get; }
    public string Name => "scenes";
    public int Count { get; }
    public int Height => Options.Height;
    public int Width => Options.Width;
    public IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>The camera intrinsics shared by every image (for back-projecting depth).</summary>
    public CameraIntrinsics Intrinsics { get; }

    /// <summary>The scene description of sample <paramref name="index"/>.</summary>
    public SceneDescription Describe(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        var rng = SceneRng.ForSample(Options.Seed, _splitId, index);
        return SceneSampler.Sample(ref rng, Options);
    }

    public MultiTaskSample Get(int index)
    {
        var scene = Describe(index);
        int h = Height, w = Width, hw = h * w;
        var image = new float[3 * hw];
        var seg = new float[hw];
        var depth = new float[hw];
        var normal = new float[3 * hw];
        var edge = new float[hw];
        var keypoint = new float[hw];
        int[] instance = new int[hw];
        SceneRenderer.Render(scene, h, w, Options.NoiseStd, Options.Shadows, image, seg, depth, normal, instance);
        SceneTargets.OcclusionEdges(depth, instance, h, w, Options.EdgeDepthRatio, edge);
        SceneTargets.Keypoints(scene, depth, h, w, Options.KeypointSigma * w / 80f, keypoint);
        return new MultiTaskSample
        {
            Image = image,
            Targets = new Dictionary<string, float[]>
            {
                [TargetNames.Segmentation] = seg,
                [TargetNames.Depth] = depth,
                [TargetNames.Normal] = normal,
                [TargetNames.Edge] = edge,
                [TargetNames.Keypoint] = keypoint,
            },
        };
    }
}
