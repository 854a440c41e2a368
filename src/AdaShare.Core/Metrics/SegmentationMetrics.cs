using TorchSharp;

namespace AdaShare.Metrics;

/// <summary>
/// Semantic segmentation: a C×C confusion matrix (rows = ground truth, columns = prediction) accumulated over the
/// whole split on pixels with 0 ≤ gt &lt; C and integral gt; the ignore label (255), −1 and anything else out of range
/// are skipped. Reports <c>mIoU</c> (mean IoU over classes present, i.e. TP + FP + FN &gt; 0) and <c>pixel_acc</c>
/// (correct / valid pixels), both fractions in [0, 1], higher is better; and <c>seg_err</c>, the cross-entropy of the
/// raw logits on the same pixels pooled over the split (Tiny-Taskonomy's "seg err", lower is better).
/// </summary>
/// <remarks>
/// Official-compat mode (labelled <see cref="MetricProtocol.OfficialCompat"/>, values named
/// <c>mIoU (official-compat)</c> and <c>pixel_acc (official-compat)</c>): mIoU is the mean over classes with TP &gt; 0
/// only, and pixels with gt = −1 (CityScapes' invalid label, if a loader keeps it) count as wrong in pixel accuracy.
/// </remarks>
public sealed class SegmentationMetrics : ITaskMetric
{
    private readonly long[] _confusion;
    private long _negativeOnePixels;
    private double _crossEntropySum;

    public SegmentationMetrics(int numClasses, bool officialCompat = false, float ignoreLabel = 255f)
    {
        if (numClasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "need at least one class");
        }
        NumClasses = numClasses;
        OfficialCompat = officialCompat;
        IgnoreLabel = ignoreLabel;
        _confusion = new long[numClasses * numClasses];
    }

    public int NumClasses { get; }
    public bool OfficialCompat { get; }
    public float IgnoreLabel { get; }

    /// <summary><see cref="MetricProtocol.Standard"/> or <see cref="MetricProtocol.OfficialCompat"/>.</summary>
    public string Protocol => MetricProtocol.Label(OfficialCompat);

    /// <summary>A copy of the confusion matrix: [gt, prediction] pixel counts.</summary>
    public long[,] ConfusionMatrix
    {
        get
        {
            var m = new long[NumClasses, NumClasses];
            for (int g = 0; g < NumClasses; g++)
            {
                for (int p = 0; p < NumClasses; p++)
                {
                    m[g, p] = _confusion[g * NumClasses + p];
                }
            }
            return m;
        }
    }

    /// <summary>Pixels counted in the confusion matrix (0 ≤ gt &lt; C).</summary>
    public long ValidPixels => _confusion.Sum();

    /// <summary>IoU per class, TP / (TP + FP + FN); NaN for a class absent from both ground truth and prediction.</summary>
    public double[] ClassIoU
    {
        get
        {
            var iou = new double[NumClasses];
            for (int c = 0; c < NumClasses; c++)
            {
                var (tp, fp, fn) = Counts(c);
                long union = tp + fp + fn;
                iou[c] = union > 0 ? (double)tp / union : double.NaN;
            }
            return iou;
        }
    }

    public void Reset()
    {
        Array.Clear(_confusion);
        _negativeOnePixels = 0;
        _crossEntropySum = 0;
    }

    public void Update(torch.Tensor prediction, torch.Tensor target)
    {
        MetricTensors.CheckDense(nameof(SegmentationMetrics), prediction, target, NumClasses, 1);
        using var scope = torch.NewDisposeScope();
        long[] pred = MetricTensors.ToLongArray(prediction.detach().argmax(1));
        float[] gt = MetricTensors.ToFloatArray(target);
        int c = NumClasses;
        // −log softmax at the ground-truth class, on the pixels the confusion matrix counts.
        var labels = target.detach().squeeze(1);
        var valid = labels.ge(0).logical_and(labels.lt(c)).logical_and(labels.eq(labels.floor()));
        var picked = torch.nn.functional.log_softmax(prediction.detach().to(torch.float64), 1)
            .gather(1, labels.where(valid, 0).to(torch.int64).unsqueeze(1)).squeeze(1);
        _crossEntropySum -= picked.masked_select(valid).sum().item<double>();
        for (int i = 0; i < gt.Length; i++)
        {
            float g = gt[i];
            if (g >= 0 && g < c && g == MathF.Floor(g))
            {
                _confusion[(int)g * c + (int)pred[i]]++;
            }
            else if (g == -1f)
            {
                _negativeOnePixels++;
            }
        }
    }

    public IReadOnlyList<MetricValue> Compute()
    {
        double sum = 0;
        int n = 0;
        long correct = 0;
        for (int c = 0; c < NumClasses; c++)
        {
            var (tp, fp, fn) = Counts(c);
            correct += tp;
            bool counted = OfficialCompat ? tp > 0 : tp + fp + fn > 0;
            if (counted)
            {
                sum += (double)tp / (tp + fp + fn);
                n++;
            }
        }
        long valid = ValidPixels + (OfficialCompat ? _negativeOnePixels : 0);
        return
        [
            new MetricValue(MetricProtocol.Name("mIoU", OfficialCompat), n > 0 ? sum / n : double.NaN, true),
            new MetricValue(MetricProtocol.Name("pixel_acc", OfficialCompat), valid > 0 ? (double)correct / valid : double.NaN, true),
            new MetricValue(MetricProtocol.Name("seg_err", OfficialCompat), ValidPixels > 0 ? _crossEntropySum / ValidPixels : double.NaN, false),
        ];
    }

    private (long Tp, long Fp, long Fn) Counts(int c)
    {
        long tp = _confusion[c * NumClasses + c];
        long row = 0, col = 0;
        for (int k = 0; k < NumClasses; k++)
        {
            row += _confusion[c * NumClasses + k];
            col += _confusion[k * NumClasses + c];
        }
        return (tp, col - tp, row - tp);
    }
}
