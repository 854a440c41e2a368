using AdaShare.Data;

namespace AdaShare.Tests.Fakes;

/// <summary>
/// A small learnable multi-task dataset for tests: a bright square on a dark background at a seeded position.
/// segmentation = inside (1) / outside (0) with an ignored border row; depth = 2 inside, 4 outside; normal = +z inside,
/// tilted outside; edge = square outline; keypoint = square corners.
/// </summary>
public sealed class TinyDataset(int count, int seed, int height = 32, int width = 32) : IMultiTaskDataset
{
    public string Name => "tiny";
    public int Count => count;
    public int Height => height;
    public int Width => width;

    public IReadOnlyList<TargetInfo> Targets { get; } = new[]
    {
        new TargetInfo(TargetNames.Segmentation, 1, new[] { "background", "square" }),
        new TargetInfo(TargetNames.Depth, 1),
        new TargetInfo(TargetNames.Normal, 3),
        new TargetInfo(TargetNames.Edge, 1),
        new TargetInfo(TargetNames.Keypoint, 1),
    };

    public MultiTaskSample Get(int index)
    {
        var rng = new Random(seed * 7919 + index);
        int size = height / 3 + rng.Next(height / 4);
        int y0 = rng.Next(height - size), x0 = rng.Next(width - size);
        int hw = height * width;
        var image = new float[3 * hw];
        var seg = new float[hw];
        var depth = new float[hw];
        var normal = new float[3 * hw];
        var edge = new float[hw];
        var keypoint = new float[hw];
        float r = (float)rng.NextDouble();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                bool inside = y >= y0 && y < y0 + size && x >= x0 && x < x0 + size;
                image[i] = inside ? 0.8f : 0.1f + 0.05f * r;
                image[hw + i] = inside ? 0.6f * r + 0.2f : 0.2f;
                image[2 * hw + i] = inside ? 0.3f : 0.4f;
                seg[i] = y == 0 ? TargetNames.IgnoreLabel : inside ? 1 : 0;
                depth[i] = inside ? 2f : 4f;
                normal[i] = inside ? 0 : 0.6f;
                normal[hw + i] = 0;
                normal[2 * hw + i] = inside ? 1 : -0.8f;
                bool border = inside && (y == y0 || y == y0 + size - 1 || x == x0 || x == x0 + size - 1);
                edge[i] = border ? 1 : 0;
                bool corner = (y == y0 || y == y0 + size - 1) && (x == x0 || x == x0 + size - 1);
                keypoint[i] = corner ? 1 : 0;
            }
        }
        return new MultiTaskSample
        {
            Image = image,
            Targets = new Dictionary<string, float[]>
            {
                [TargetNames.Segmentation] = seg, [TargetNames.Depth] = depth, [TargetNames.Normal] = normal,
                [TargetNames.Edge] = edge, [TargetNames.Keypoint] = keypoint,
            },
        };
    }
}
