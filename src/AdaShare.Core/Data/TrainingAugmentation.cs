namespace AdaShare.Data;

/// <summary>
/// The official training augmentation, applied jointly to an image and every target map: random scale in
/// [<see cref="ScaleMin"/>, <see cref="ScaleMax"/>] (image bilinear, targets nearest), padding with each map's invalid
/// value (the image with the colour that normalises to 0), a random crop of <see cref="CropHeight"/>×<see cref="CropWidth"/>
/// and a horizontal flip that negates the normals' x. Without a crop the output keeps the dataset's size (and the scale
/// must be 1). Evaluation never augments: test images are used at full resolution.
/// </summary>
public sealed record TrainingAugmentation(bool Flip, double ScaleMin = 1, double ScaleMax = 1, int CropHeight = 0, int CropWidth = 0)
{
    public static TrainingAugmentation None { get; } = new(false);

    public bool Crops => CropHeight > 0 && CropWidth > 0;
    public bool Scales => ScaleMin != 1 || ScaleMax != 1;

    /// <summary>Size of the augmented sample for a dataset of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width) => Crops ? (CropHeight, CropWidth) : (height, width);

    /// <summary>
    /// Augments one sample with the random draws of <paramref name="rng"/> (scale, then crop position; the flip is
    /// decided by the caller so that it keeps its own random stream). Label-like targets (classification) pass through.
    /// </summary>
    public MultiTaskSample Apply(MultiTaskSample sample, IReadOnlyList<TargetInfo> targets, int height, int width, Random rng, bool flip, ReadOnlySpan<float> imagePad)
    {
        int h = height, w = width;
        var image = sample.Image;
        var maps = new Dictionary<string, float[]>();
        foreach (var t in targets)
            if (sample.Targets.TryGetValue(t.Name, out var m)) maps[t.Name] = m;
        bool Dense(TargetInfo t, float[] m) => m.Length == t.Channels * h * w;

        if (Scales)
        {
            double s = ScaleMin + rng.NextDouble() * (ScaleMax - ScaleMin);
            int nh = Math.Max(1, (int)Math.Round(h * s)), nw = Math.Max(1, (int)Math.Round(w * s));
            image = Augment.ResizeBilinear(image, 3, h, w, nh, nw);
            foreach (var t in targets)
                if (maps.TryGetValue(t.Name, out var m) && Dense(t, m))
                    maps[t.Name] = Augment.ResizeNearest(m, t.Channels, h, w, nh, nw);
            (h, w) = (nh, nw);
        }
        if (Crops)
        {
            // a map smaller than the crop is padded at the bottom/right (as the official code) before the window is drawn
            int top = rng.Next(Math.Max(h, CropHeight) - CropHeight + 1), left = rng.Next(Math.Max(w, CropWidth) - CropWidth + 1);
            var croppedImage = Augment.Crop(image, 3, h, w, top, left, CropHeight, CropWidth, imagePad);
            foreach (var t in targets)
                if (maps.TryGetValue(t.Name, out var m) && Dense(t, m))
                    maps[t.Name] = Augment.Crop(m, t.Channels, h, w, top, left, CropHeight, CropWidth, [Augment.PadValue(t.MapKind)]);
            image = croppedImage;
            (h, w) = (CropHeight, CropWidth);
        }
        if (flip)
        {
            var flipped = new float[image.Length];
            Augment.FlipHorizontal(image, flipped, 3, h, w);
            image = flipped;
            foreach (var t in targets)
                if (maps.TryGetValue(t.Name, out var m) && m.Length == t.Channels * h * w)
                {
                    var f = new float[m.Length];
                    Augment.FlipHorizontal(m, f, t.Channels, h, w, Augment.NegatedChannelsOnFlip(t.MapKind));
                    maps[t.Name] = f;
                }
        }
        return new MultiTaskSample { Image = image, Targets = maps };
    }
}
