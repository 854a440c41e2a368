using AdaShare.Data.Images;

namespace AdaShare.Data.DomainNet;

/// <summary>
/// DomainNet with every domain a task (the paper's setting): a sample holds one image per domain (<see cref="Views"/>
/// = domains, image V×3×H×W) and one class label per domain (target = the domain's name, 345 classes).
/// <para>
/// Domains differ in size; a sample index i takes image i mod n_k of domain k in training, so an epoch of the largest
/// domain sees every image of every domain at least once (the official sampler draws B images of each domain per
/// batch). For evaluation, index i ≥ n_k gives domain k a blank image with <see cref="TargetNames.NoLabel"/>, which
/// the loss and top-1 skip, so each domain is scored on exactly its own list.
/// </para>
/// Evaluation transform: resize to size×size (bilinear, as torchvision's Resize). Training transform
/// (<see cref="GetTransformed"/>): RandomResizedCrop (scale 0.6–1, ratio 3/4–4/3) to size×size; the horizontal flip
/// is the batch builder's. Images are RGB in [0, 1]; ImageNet mean/std normalisation is input normalisation.
/// </summary>
public sealed class DomainNetDataset : IRandomTransformDataset
{
    public static IReadOnlyList<string> AllDomains { get; } = ["real", "painting", "quickdraw", "clipart", "infograph", "sketch"];
    public const int ClassCount = 345;

    private readonly IReadOnlyList<DomainNetList> _lists;

    public DomainNetDataset(string root, IReadOnlyList<DomainNetList> lists, bool training, int size, IReadOnlyList<string> classNames, string name = "domainnet")
    {
        if (lists.Count == 0) throw new ArgumentException("at least one domain", nameof(lists));
        Root = root;
        _lists = lists;
        Training = training;
        Height = Width = size;
        Name = name;
        Targets = lists.Select((l, k) => new TargetInfo(l.Domain, 1, classNames, null, k, TargetNames.Label)).ToArray();
        Count = lists.Max(l => l.Entries.Count);
    }

    public string Root { get; }
    public bool Training { get; }
    public string Name { get; }
    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public int Views => _lists.Count;
    public IReadOnlyList<TargetInfo> Targets { get; }
    public IReadOnlyList<DomainNetList> Lists => _lists;

    public MultiTaskSample Get(int index) => Build(index, null);

    public MultiTaskSample GetTransformed(int index, int seed) => Training ? Build(index, seed) : Build(index, null);

    private MultiTaskSample Build(int index, int? seed)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        int plane = 3 * Height * Width;
        var image = new float[_lists.Count * plane];
        var targets = new Dictionary<string, float[]>();
        for (int k = 0; k < _lists.Count; k++)
        {
            var entries = _lists[k].Entries;
            if (!Training && index >= entries.Count)
            {
                targets[_lists[k].Domain] = [TargetNames.NoLabel];
                continue;
            }
            var (path, label) = entries[index % entries.Count];
            var decoded = ImageFile.Read(Path.Combine(Root, path), 3, $"{_lists[k].Domain} image (JPEG or PNG)");
            var (top, left, h, w) = seed is int s
                ? RandomResizedCrop(decoded.Height, decoded.Width, new Random(SeedMix.Hash(s, _lists[k].Domain, index)))
                : (0.0, 0.0, (double)decoded.Height, (double)decoded.Width);
            BilinearResize.Rgb(decoded, top, left, h, w, Height, Width).CopyTo(image, k * plane);
            targets[_lists[k].Domain] = [label];
        }
        return new MultiTaskSample { Image = image, Targets = targets };
    }

    /// <summary>torchvision's RandomResizedCrop box with scale (0.6, 1) and ratio (3/4, 4/3): 10 tries, then a centre crop.</summary>
    public static (double Top, double Left, double Height, double Width) RandomResizedCrop(int height, int width, Random rng, double minScale = 0.6, double maxScale = 1.0)
    {
        double area = (double)height * width, logLo = Math.Log(3.0 / 4), logHi = Math.Log(4.0 / 3);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (minScale + rng.NextDouble() * (maxScale - minScale));
            double ratio = Math.Exp(logLo + rng.NextDouble() * (logHi - logLo));
            int w = (int)Math.Round(Math.Sqrt(target * ratio)), h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return (rng.Next(height - h + 1), rng.Next(width - w + 1), h, w);
        }
        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < 3.0 / 4) ch = (int)Math.Round(cw / (3.0 / 4));
        else if (inRatio > 4.0 / 3) cw = (int)Math.Round(ch * (4.0 / 3));
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }
}
