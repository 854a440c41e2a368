namespace AdaShare.Data;

/// <summary>
/// How images (RGB in [0, 1] from every loader) are turned into network input: <c>none</c> (as stored), <c>bgr-mean</c>
/// (the official AdaShare / DeepLab NYUv2 and CityScapes input: BGR order, values 0–255, minus the BGR mean
/// (104.008, 116.669, 122.679)) or <c>imagenet</c> (RGB, ImageNet mean/std, for ImageNet-initialised backbones).
/// </summary>
public sealed class InputNormalization
{
    public static IReadOnlyList<string> Names { get; } = ["none", "bgr-mean", "imagenet"];

    public static InputNormalization None { get; } = new("none", false, 1f, [0f, 0f, 0f], [1f, 1f, 1f]);

    private InputNormalization(string name, bool bgr, float scale, float[] mean, float[] std)
    {
        Name = name;
        Bgr = bgr;
        Scale = scale;
        Mean = mean;
        Std = std;
    }

    public string Name { get; }

    /// <summary>Output channel 0 is blue (channels reversed).</summary>
    public bool Bgr { get; }
    public float Scale { get; }

    /// <summary>Per output channel, in scaled units.</summary>
    public float[] Mean { get; }
    public float[] Std { get; }

    public static InputNormalization Get(string name) => name switch
    {
        "none" => None,
        "bgr-mean" => new("bgr-mean", true, 255f, [104.00698793f, 116.66876762f, 122.67891434f], [1f, 1f, 1f]),
        "imagenet" => new("imagenet", false, 1f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]),
        _ => throw new ArgumentException($"input normalisation '{name}' is not one of {string.Join(", ", Names)}"),
    };

    /// <summary>The RGB colour in [0, 1] that normalises to 0 (what padding fills the image with, as the official code pads after mean subtraction).</summary>
    public float[] ZeroColor()
    {
        var rgb = new float[3];
        for (int c = 0; c < 3; c++)
            rgb[Bgr ? 2 - c : c] = Mean[c] / Scale;
        return rgb;
    }

    /// <summary>Normalises a B×3×H×W RGB [0, 1] buffer in place.</summary>
    public void Apply(float[] images, int hw)
    {
        if (ReferenceEquals(this, None)) return;
        var pixel = new float[3];
        for (int b = 0; b < images.Length / (3 * hw); b++)
        {
            int basis = b * 3 * hw;
            for (int p = 0; p < hw; p++)
            {
                for (int c = 0; c < 3; c++) pixel[c] = images[basis + c * hw + p];
                for (int c = 0; c < 3; c++)
                    images[basis + c * hw + p] = (pixel[Bgr ? 2 - c : c] * Scale - Mean[c]) / Std[c];
            }
        }
    }
}
