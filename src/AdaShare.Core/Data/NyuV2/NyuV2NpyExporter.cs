using System.Text.Json;

namespace AdaShare.Data.NyuV2;

/// <summary>
/// Writes a multi-task dataset in the NYUv2 MTAN .npy layout read by <see cref="NyuV2NpyDataset"/>:
/// <c>root/{folder}/{image,label,depth,normal[,edge,keypoint]}/{i}.npy</c>, float32, channels last
/// (image H×W×3, label H×W with <see cref="TargetNames.IgnoreLabel"/> → −1, depth H×W×1, normal H×W×3,
/// edge/keypoint H×W×1), plus <c>root/classes.json</c> (JSON array of class names).
/// </summary>
public static class NyuV2NpyExporter
{
    /// <summary>Exports the first <paramref name="count"/> samples (all when null); returns how many were written.</summary>
    public static int Export(IMultiTaskDataset dataset, string root, string folder, int? count = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int n = Math.Min(count ?? dataset.Count, dataset.Count);
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(count), "count must be non-negative");
        var dir = Path.Combine(root, folder);
        var seg = dataset.Targets.FirstOrDefault(t => t.Name == TargetNames.Segmentation)
            ?? throw new ArgumentException($"dataset {dataset.Name} has no {TargetNames.Segmentation} target; the NYUv2 layout needs one");
        foreach (var name in new[] { TargetNames.Depth, TargetNames.Normal })
            if (dataset.Targets.All(t => t.Name != name)) throw new ArgumentException($"dataset {dataset.Name} has no {name} target; the NYUv2 layout needs one");
        var extras = dataset.Targets.Where(t => t.Name is TargetNames.Edge or TargetNames.Keypoint).ToList();
        foreach (var f in NyuV2NpyDataset.RequiredFolders.Concat(extras.Select(t => t.Name)))
            Directory.CreateDirectory(Path.Combine(dir, f));
        if (seg.ClassNames != null) WriteClasses(root, seg.ClassNames);

        int h = dataset.Height, w = dataset.Width, done = 0;
        Parallel.For(0, n, i =>
        {
            var s = dataset.Get(i);
            NpyWriter.Write(Path.Combine(dir, "image", $"{i}.npy"), ToHwc(s.Image, 3, h, w), h, w, 3);
            var label = (float[])s.Targets[TargetNames.Segmentation].Clone();
            for (int k = 0; k < label.Length; k++) if (label[k] == TargetNames.IgnoreLabel) label[k] = -1f;
            NpyWriter.Write(Path.Combine(dir, "label", $"{i}.npy"), label, h, w);
            NpyWriter.Write(Path.Combine(dir, "depth", $"{i}.npy"), s.Targets[TargetNames.Depth], h, w, 1);
            NpyWriter.Write(Path.Combine(dir, "normal", $"{i}.npy"), ToHwc(s.Targets[TargetNames.Normal], 3, h, w), h, w, 3);
            foreach (var t in extras)
                NpyWriter.Write(Path.Combine(dir, t.Name, $"{i}.npy"), s.Targets[t.Name], h, w, 1);
            int d = Interlocked.Increment(ref done);
            progress?.Invoke(d);
        });
        return n;
    }

    public static void WriteClasses(string root, IReadOnlyList<string> names)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "classes.json"), JsonSerializer.Serialize(names) + "\n");
    }

    private static float[] ToHwc(float[] chw, int c, int h, int w)
    {
        int hw = h * w;
        var hwc = new float[c * hw];
        for (int i = 0; i < hw; i++)
            for (int k = 0; k < c; k++)
                hwc[i * c + k] = chw[k * hw + i];
        return hwc;
    }
}
