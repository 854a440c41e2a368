namespace AdaShare.Data;

/// <summary>What <see cref="DatasetChecker.Check"/> found: counts, per-class pixel counts and per-target value ranges.</summary>
public sealed class DatasetCheckReport
{
    public required int Samples { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Pixels per segmentation class (index = class), over the checked samples.</summary>
    public required long[] ClassPixels { get; init; }

    public required long IgnorePixels { get; init; }

    /// <summary>Per target (and "image"): minimum and maximum value seen.</summary>
    public required IReadOnlyDictionary<string, (float Min, float Max)> Ranges { get; init; }

    /// <summary>Normals whose length is neither ≈1 nor 0 (reported, not fatal: real data can be imperfect).</summary>
    public required long NonUnitNormals { get; init; }

    /// <summary>One message per invalid sample (naming its file), in sample order; the statistics cover the valid samples.</summary>
    public required IReadOnlyList<string> Errors { get; init; }
}

/// <summary>
/// Loads every sample of a dataset and validates sizes and value conventions (<see cref="TargetNames"/>). A bad sample
/// does not stop the check: every invalid sample is reported, in index order whatever the thread timing.
/// </summary>
public static class DatasetChecker
{
    public static DatasetCheckReport Check(IMultiTaskDataset dataset, int? count = null, Action<int>? progress = null)
    {
        int n = Math.Min(count ?? dataset.Count, dataset.Count);
        int h = dataset.Height, w = dataset.Width, hw = h * w;
        var seg = dataset.Targets.FirstOrDefault(t => t.MapKind == TargetNames.Segmentation);
        var classNames = seg?.ClassNames ?? [];
        var classPixels = new long[classNames.Count];
        long ignore = 0, nonUnit = 0;
        var ranges = new Dictionary<string, (float Min, float Max)>();
        var gate = new object();
        int done = 0;
        var errors = new string?[n];

        Parallel.For(0, n, () => new Local(classNames.Count), (i, _, local) =>
        {
            try
            {
                // checked on a scratch copy, merged only when the whole sample is valid
                var sampleLocal = new Local(classNames.Count);
                CheckSample(dataset, i, h, w, hw, sampleLocal);
                local.Merge(sampleLocal);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
            {
                errors[i] = e.Message.StartsWith("sample ", StringComparison.Ordinal) ? e.Message : $"sample {i}: {e.Message}";
            }
            int d = Interlocked.Increment(ref done);
            progress?.Invoke(d);
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (int c = 0; c < classPixels.Length; c++) classPixels[c] += local.Classes[c];
                ignore += local.Ignore;
                nonUnit += local.NonUnit;
                foreach (var (k, r) in local.Ranges)
                    ranges[k] = ranges.TryGetValue(k, out var o) ? (MathF.Min(o.Min, r.Min), MathF.Max(o.Max, r.Max)) : r;
            }
        });

        return new DatasetCheckReport
        {
            Samples = n,
            Height = h,
            Width = w,
            ClassNames = classNames,
            ClassPixels = classPixels,
            IgnorePixels = ignore,
            Ranges = ranges,
            NonUnitNormals = nonUnit,
            Errors = errors.OfType<string>().ToArray(),
        };
    }

    private static void CheckSample(IMultiTaskDataset dataset, int i, int h, int w, int hw, Local local)
    {
            var s = dataset.Get(i);
            int imageChannels = 3 * dataset.Views;
            Expect(s.Image.Length == imageChannels * hw, $"sample {i}: image has {s.Image.Length} values, expected {imageChannels}x{h}x{w}");
            Scan(local, "image", s.Image, i, 0f, 1f);
            foreach (var t in dataset.Targets)
            {
                if (!s.Targets.TryGetValue(t.Name, out var map)) throw new InvalidDataException($"sample {i}: target '{t.Name}' missing");
                if (t.MapKind == TargetNames.Label)
                {
                    // one class index per image
                    int classes = t.ClassNames?.Count ?? int.MaxValue;
                    Expect(map.Length == t.Channels && map.All(v => v == TargetNames.NoLabel || (v >= 0 && v < classes && v == MathF.Floor(v))),
                        $"sample {i}: target '{t.Name}' is [{string.Join(", ", map.Take(4))}], expected {t.Channels} class index in 0..{classes - 1} (or -1 = no image in this view)");
                    Scan(local, t.Name, map, i, null, null);
                    continue;
                }
                Expect(map.Length == t.Channels * hw, $"sample {i}: target '{t.Name}' has {map.Length} values, expected {t.Channels}x{h}x{w}");
                switch (t.MapKind)
                {
                    case TargetNames.Segmentation:
                        foreach (float v in map)
                        {
                            if (v == TargetNames.IgnoreLabel) { local.Ignore++; continue; }
                            int c = (int)v;
                            Expect(c == v && c >= 0 && c < local.Classes.Length, $"sample {i}: segmentation label {v} out of range (0..{local.Classes.Length - 1} or 255)");
                            local.Classes[c]++;
                        }
                        Scan(local, t.Name, map, i, null, null, skipIgnore: true);
                        break;
                    case TargetNames.Depth:
                        Scan(local, t.Name, map, i, 0f, null);
                        break;
                    case TargetNames.Normal:
                        Scan(local, t.Name, map, i, -1.01f, 1.01f);
                        for (int p = 0; p < hw; p++)
                        {
                            float x = map[p], y = map[hw + p], z = map[2 * hw + p];
                            float len = MathF.Sqrt(x * x + y * y + z * z);
                            if (len != 0 && MathF.Abs(len - 1) > 0.02f) local.NonUnit++;
                        }
                        break;
                    case TargetNames.Edge or TargetNames.Keypoint:
                        foreach (float v in map)
                            Expect(v == TargetNames.IgnoreLabel || v is >= -1f and <= 1f, $"sample {i}: {t.Name} value {v} outside [-1, 1] (or 255)");
                        Scan(local, t.Name, map, i, null, null, skipIgnore: true);
                        break;
                    default:
                        Scan(local, t.Name, map, i, null, null);
                        break;
                }
            }
    }

    private sealed class Local(int classes)
    {
        public readonly long[] Classes = new long[classes];
        public long Ignore, NonUnit;
        public readonly Dictionary<string, (float Min, float Max)> Ranges = [];

        public void Merge(Local other)
        {
            for (int c = 0; c < Classes.Length; c++) Classes[c] += other.Classes[c];
            Ignore += other.Ignore;
            NonUnit += other.NonUnit;
            foreach (var (k, r) in other.Ranges)
                Ranges[k] = Ranges.TryGetValue(k, out var o) ? (MathF.Min(o.Min, r.Min), MathF.Max(o.Max, r.Max)) : r;
        }
    }

    /// <summary>Tracks the value range; <paramref name="skipIgnore"/> leaves the ignore label (255) out of it.</summary>
    private static void Scan(Local local, string name, float[] data, int index, float? lo, float? hi, bool skipIgnore = false)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in data)
        {
            if (!float.IsFinite(v)) throw new InvalidDataException($"sample {index}: {name} contains NaN or Inf");
            if (skipIgnore && v == TargetNames.IgnoreLabel) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min > max) return; // nothing but ignore
        if (lo.HasValue && min < lo) throw new InvalidDataException($"sample {index}: {name} value {min} below {lo}");
        if (hi.HasValue && max > hi) throw new InvalidDataException($"sample {index}: {name} value {max} above {hi}");
        local.Ranges[name] = local.Ranges.TryGetValue(name, out var o) ? (MathF.Min(o.Min, min), MathF.Max(o.Max, max)) : (min, max);
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition) throw new InvalidDataException(message);
    }
}
