using AdaShare.Metrics;
using TorchSharp;

namespace AdaShare.Tests.Metrics;

internal static class MetricTestUtil
{
    public static torch.Tensor T(float[] data, params long[] shape) => torch.tensor(data, shape);

    public static double Get(IReadOnlyList<MetricValue> values, string name) =>
        values.Single(v => v.Name == name).Value;

    /// <summary>One-hot logits B×C×H×W whose argmax is the given class map (B×H×W row-major).</summary>
    public static torch.Tensor OneHotLogits(int[] classes, int b, int c, int h, int w)
    {
        var data = new float[b * c * h * w];
        int plane = h * w;
        for (int n = 0; n < b; n++)
        {
            for (int i = 0; i < plane; i++)
            {
                data[(n * c + classes[n * plane + i]) * plane + i] = 1f;
            }
        }
        return torch.tensor(data, new long[] { b, c, h, w });
    }

    public static float[] Uniform(Random rng, int n, double lo, double hi)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        }
        return a;
    }
}
