using static TorchSharp.torch;

namespace AdaShare.Data;

/// <summary>
/// Deterministic batches: for iteration i of a phase, the samples are a seeded permutation of the dataset per epoch
/// (a pure function of seed, phase, epoch), so a resumed run sees exactly the batches an uninterrupted one would.
/// </summary>
public sealed class BatchBuilder(IMultiTaskDataset dataset, IReadOnlyList<string> targetNames, Device device)
{
    public IMultiTaskDataset Dataset => dataset;

    /// <summary>This data-parallel rank's slice of every training batch (the global batch is drawn, then sliced).</summary>
    public Model.BatchShard Shard { get; init; } = Model.BatchShard.Whole;

    /// <summary>Indices of the training batch of iteration <paramref name="iteration"/> (drop-last epochs).</summary>
    public static int[] TrainingIndices(int count, int batchSize, long seed, string phase, long iteration)
    {
        int perEpoch = Math.Max(1, count / batchSize);
        long epoch = iteration / perEpoch;
        int position = (int)(iteration % perEpoch);
        int[] order = Enumerable.Range(0, count).ToArray();
        new Random(SeedMix.Hash(seed, phase, epoch)).Shuffle(order);
        int take = Math.Min(batchSize, count);
        return order.AsSpan(position * take, take).ToArray();
    }

    public Batch Training(int batchSize, long seed, string phase, long iteration, bool flip)
    {
        int[] indices = TrainingIndices(dataset.Count, batchSize, seed, phase, iteration);
        var rng = new Random(SeedMix.Hash(seed, phase + "/flip", iteration));
        bool[] flips = indices.Select(_ => flip && rng.Next(2) == 1).ToArray();
        if (Shard.Count > 1)
        {
            if (indices.Length % Shard.Count != 0)
                throw new InvalidOperationException($"a batch of {indices.Length} samples cannot be split evenly over {Shard.Count} ranks");
            int local = indices.Length / Shard.Count;
            indices = indices.AsSpan(Shard.Index * local, local).ToArray();
            flips = flips.AsSpan(Shard.Index * local, local).ToArray();
        }
        return Build(indices, flips);
    }

    /// <summary>Samples [start, start + count) in order, unaugmented (evaluation).</summary>
    public Batch Sequential(int start, int count)
    {
        int n = Math.Min(count, dataset.Count - start);
        return Build(Enumerable.Range(start, n).ToArray(), new bool[n]);
    }

    private Batch Build(int[] indices, bool[] flips)
    {
        int b = indices.Length, h = dataset.Height, w = dataset.Width;
        var samples = new MultiTaskSample[b];
        Parallel.For(0, b, i => samples[i] = dataset.Get(indices[i]));

        var images = new float[b * 3 * h * w];
        Fill(samples.Select(s => s.Image).ToArray(), images, 3, h, w, flips, null, "image");
        var targets = new Dictionary<string, Tensor>();
        foreach (string name in targetNames)
        {
            var info = dataset.Targets.First(t => t.Name == name);
            bool dense = samples[0].Targets[name].Length == info.Channels * h * w;
            int c = info.Channels;
            var data = new float[b * (dense ? c * h * w : c)];
            if (dense)
                Fill(samples.Select(s => s.Targets[name]).ToArray(), data, c, h, w, flips, Augment.NegatedChannelsOnFlip(name), name);
            else
                for (int i = 0; i < b; i++)
                    samples[i].Targets[name].CopyTo(data, i * c);
            targets[name] = tensor(data, dense ? new long[] { b, c, h, w } : new long[] { b, c }).to(device);
        }
        return new Batch(tensor(images, new long[] { b, 3, h, w }).to(device), targets);
    }

    private static void Fill(float[][] maps, float[] dst, int channels, int h, int w, bool[] flips, int[]? negate, string what)
    {
        int size = channels * h * w;
        for (int i = 0; i < maps.Length; i++)
        {
            if (maps[i].Length != size)
                throw new InvalidDataException($"{what} of a sample has {maps[i].Length} values, expected {channels}×{h}×{w} = {size}");
            var target = dst.AsSpan(i * size, size);
            if (flips[i])
                Augment.FlipHorizontal(maps[i], target, channels, h, w, negate);
            else
                maps[i].CopyTo(target);
        }
    }
}
