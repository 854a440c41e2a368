namespace AdaShare.Data.Scenes;

/// <summary>
/// Parameters of the procedural scenes dataset. Sample i of a split is a pure function of
/// (<see cref="Seed"/>, split, i) and these options.
/// </summary>
public sealed record ScenesOptions
{
    public ulong Seed { get; init; }
    public int Height { get; init; } = 64;
    public int Width { get; init; } = 80;
    public int TrainSize { get; init; } = 2000;
    public int ValSize { get; init; } = 300;
    public int TestSize { get; init; } = 300;

    /// <summary>Inclusive range of the number of objects placed in a room.</summary>
    public int MinObjects { get; init; } = 4;
    public int MaxObjects { get; init; } = 8;

    /// <summary>Horizontal field of view of the pinhole camera (square pixels; the vertical one follows from H/W).</summary>
    public float HorizontalFovDegrees { get; init; } = 66f;

    /// <summary>One shadow ray per light and pixel.</summary>
    public bool Shadows { get; init; } = true;

    /// <summary>Standard deviation of the additive Gaussian sensor noise on the RGB image (after gamma).</summary>
    public float NoiseStd { get; init; } = 0.01f;

    /// <summary>Standard deviation of the keypoint Gaussian blobs in pixels at 80 px width (scaled with the width).</summary>
    public float KeypointSigma { get; init; } = 1.0f;

    /// <summary>Relative depth jump (|Δz| / min z) between two instances that counts as an occlusion edge.</summary>
    public float EdgeDepthRatio { get; init; } = 0.04f;

    public int SizeOf(string split) => split switch
    {
        "train" => TrainSize,
        "val" => ValSize,
        "test" => TestSize,
        _ => throw new ArgumentException($"unknown split '{split}': expected train, val or test", nameof(split)),
    };

    public void Validate()
    {
        if (Height < 8 || Width < 8) throw new ArgumentException($"resolution {Height}x{Width} too small (at least 8x8)");
        if (Height > 4096 || Width > 4096) throw new ArgumentException($"resolution {Height}x{Width} too large (at most 4096)");
        if (TrainSize < 0 || ValSize < 0 || TestSize < 0) throw new ArgumentException("split sizes must be non-negative");
        if (MinObjects < 0 || MaxObjects < MinObjects || MaxObjects > 32)
            throw new ArgumentException($"object count range [{MinObjects}, {MaxObjects}] invalid (0 <= min <= max <= 32)");
        if (HorizontalFovDegrees is <= 10f or >= 150f) throw new ArgumentException("horizontal field of view must lie in (10, 150) degrees");
        if (NoiseStd < 0f) throw new ArgumentException("noise std must be non-negative");
        if (KeypointSigma <= 0f) throw new ArgumentException("keypoint sigma must be positive");
    }
}
