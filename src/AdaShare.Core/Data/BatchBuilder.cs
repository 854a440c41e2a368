using static TorchSharp.torch;

namespace AdaShare.Data;

/// <summary>
/// Deterministic batches: for iteration i of a phase, the samples are a seeded permutation of the dataset per epoch
/// (a pure function of seed, phase, epoch), so a resumed run sees exactly the batches an uninterrupted one would.
/// Training batches go through <paramref name="augmentation"/> (scale, crop; random draws seeded per iteration and
/// sample), evaluation batches are the samples as stored; images of both are normalised by <paramref name="normalization"/>.
/// </summary>
public sealed class BatchBuilder(IMultiTaskDataset dataset, IReadOnlyList<string> targetNames, Device device,
    TrainingAugmentation? augmentation = null, InputNormalization? normalization = null)
{
    private readonly TrainingAugmentation _augmentation = augmentation ?? TrainingAugmentation.None;
    private readonly InputNormalization _normalization = normalization ?? InputNormalization.None;

    public IMultiTaskDataset Dataset => dataset;

    /// <summary>This data-parallel rank's slice of every training batch (the global batch is drawn, then sliced).</summary>
    public BatchShard Shard { get; init; } = BatchShard.Whole;

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
        int[]? transformSeeds = dataset is IRandomTransformDataset
            ? indices.Select((_, slot) => SeedMix.Hash(seed, $"{phase}/transform/{slot}", iteration)).ToArray()
            : null;
        // Every draw above is for the global batch; a data-parallel rank then keeps its slice, so results do not
        // depend on the number of ranks.
        int offset = 0;
        if (Shard.Count > 1)
        {
            if (indices.Length % Shard.Count != 0)
                throw new InvalidOperationException($"a batch of {indices.Length} samples cannot be split evenly over {Shard.Count} ranks");
            int local = indices.Length / Shard.Count;
            offset = Shard.Index * local;
            indices = indices.AsSpan(offset, local).ToArray();
            flips = flips.AsSpan(offset, local).ToArray();
            transformSeeds = transformSeeds?.AsSpan(offset, local).ToArray();
        }
        if (!_augmentation.Scales && !_augmentation.Crops)
            return Build(indices, flips, transformSeeds);

        // scale and crop draws have their own stream per (iteration, position in the global batch), so they depend
        // neither on thread timing nor on the number of ranks
        var samples = new MultiTaskSample[indices.Length];
        var pad = _normalization.ZeroColor();
        Parallel.For(0, indices.Length, i =>
        {
            var draw = new Random(SeedMix.Hash(seed, phase + "/scale-crop", iteration * 4096 + offset + i));
            samples[i] = _augmentation.Apply(Fetch(indices[i], transformSeeds?[i]), dataset.Targets, dataset.Height, dataset.Width, draw, flips[i], pad);
        });
        var (h, w) = _augmentation.OutputSize(dataset.Height, dataset.Width);
        return Assemble(samples, new bool[samples.Length], h, w);
    }

    /// <summary>Samples [start, start + count) in order, unaugmented (evaluation).</summary>
    public Batch Sequential(int start, int count)
    {
        int n = Math.Min(count, dataset.Count - start);
        return Build(Enumerable.Range(start, n).ToArray(), new bool[n]);
    }

    /// <summary>Loads in parallel; when several samples are bad, reports the one with the lowest dataset index, so the
    /// error names the same file on every run (Parallel.For's first failure depends on thread timing).</summary>
    private void LoadInIndexOrderOfFailure(int[] indices, int[]? transformSeeds, MultiTaskSample[] samples)
    {
        var errors = new Exception?[indices.Length];
        Parallel.For(0, indices.Length, i =>
        {
            try
            {
                samples[i] = Fetch(indices[i], transformSeeds?[i]);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        });
        int first = -1;
        for (int i = 0; i < errors.Length; i++)
            if (errors[i] != null && (first < 0 || indices[i] < indices[first]))
                first = i;
        if (first >= 0)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(errors[first]!);
    }

    private Batch Build(int[] indices, bool[] flips, int[]? transformSeeds = null)
    {
        var samples = new MultiTaskSample[indices.Length];
        LoadInIndexOrderOfFailure(indices, transformSeeds, samples);
        return Assemble(samples, flips, dataset.Height, dataset.Width);
    }

    /// <summary>A sample as stored, or drawn through the dataset's own random transform with its seed.</summary>
    private MultiTaskSample Fetch(int index, int? transformSeed) => transformSeed is int s
        ? ((IRandomTransformDataset)dataset).GetTransformed(index, s)
        : dataset.Get(index);

    private Batch Assemble(MultiTaskSample[] samples, bool[] flips, int h, int w)
    {
        int b = samples.Length, imageChannels = 3 * dataset.Views;
        var images = new float[b * imageChannels * h * w];
        Fill(samples.Select(s => s.Image).ToArray(), images, imageChannels, h, w, flips, null, "image");
        _normalization.Apply(images, h * w);
        var targets = new Dictionary<string, Tensor>();
        foreach (string name in targetNames)
        {
            var info = dataset.Targets.First(t => t.Name == name);
            bool dense = samples[0].Targets[name].Length == info.Channels * h * w;
            int c = info.Channels;
            var data = new float[b * (dense ? c * h * w : c)];
            if (dense)
                Fill(samples.Select(s => s.Targets[name]).ToArray(), data, c, h, w, flips, Augment.NegatedChannelsOnFlip(info.MapKind), name);
            else
                for (int i = 0; i < b; i++)
                    samples[i].Targets[name].CopyTo(data, i * c);
            targets[name] = tensor(data, dense ? new long[] { b, c, h, w } : new long[] { b, c }).to(device);
        }
        return new Batch(tensor(images, new long[] { b, imageChannels, h, w }).to(device), targets);
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
