using AdaShare.Data;
using AdaShare.Reporting;
using AdaShare.Tasks;
using AdaShare.Training;
using static TorchSharp.torch;

namespace AdaShare.Inference;

/// <summary>What <see cref="Predictor"/> writes per image.</summary>
public enum PredictionFormat { Png, Npy }

/// <summary>One image to predict: its pixels and, for dataset samples, the ground-truth maps by target name.</summary>
public sealed record PredictionInput(string Name, float[] Chw, int Height, int Width, IReadOnlyDictionary<string, float[]>? Truth);

/// <summary>
/// Runs a trained run's selected model (fixed policy, shared-prefix forward) on images of any size: an image of
/// another size than the network was trained on is resized (bilinear) to the training size, and the outputs are resized
/// back to the input's resolution. Writes per image either a picture (input, then per dense task the ground truth
/// where known and the prediction) or the raw float32 outputs per task (C×H×W .npy).
/// </summary>
public sealed class Predictor(TrainedRun run)
{
    public int TrainedHeight => run.Config.Data.Height;
    public int TrainedWidth => run.Config.Data.Width;
    private IReadOnlyList<TaskSpec> Tasks => run.Context.Tasks;

    /// <summary>Raw per-task outputs at the input's resolution (dense: C×H×W; image-level: C).</summary>
    public float[][] Outputs(PredictionInput input)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // the input normalisation the model was trained with (e.g. the official BGR mean subtraction)
        var chw = (float[])input.Chw.Clone();
        Data.DatasetFactory.Normalization(run.Config.Data).Apply(chw, input.Height * input.Width);
        var image = tensor(chw, new long[] { 1, 3, input.Height, input.Width }).to(run.Context.Device);
        var resized = Resize.Bilinear(image, TrainedHeight, TrainedWidth);
        var outputs = run.Model.Forward(resized);
        var result = new float[Tasks.Count][];
        for (int k = 0; k < Tasks.Count; k++)
        {
            var o = Tasks[k].Kind.IsDense ? Resize.Bilinear(outputs[k], input.Height, input.Width) : outputs[k];
            result[k] = o.contiguous().cpu().data<float>().ToArray();
        }
        return result;
    }

    /// <summary>Writes the image's prediction under <paramref name="outDir"/>; returns the files written.</summary>
    public IReadOnlyList<string> Write(PredictionInput input, string outDir, PredictionFormat format)
    {
        Directory.CreateDirectory(outDir);
        var outputs = Outputs(input);
        return format == PredictionFormat.Npy ? WriteNpy(input, outputs, outDir) : new[] { WritePicture(input, outputs, outDir) };
    }

    private IReadOnlyList<string> WriteNpy(PredictionInput input, float[][] outputs, string outDir)
    {
        string dir = Path.Combine(outDir, input.Name);
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        for (int k = 0; k < Tasks.Count; k++)
        {
            string file = Path.Combine(dir, Tasks[k].Name + ".npy");
            if (Tasks[k].Kind.IsDense)
                NpyWriter.Write(file, outputs[k], Tasks[k].OutputChannels, input.Height, input.Width);
            else
                NpyWriter.Write(file, outputs[k], Tasks[k].OutputChannels);
            files.Add(file);
        }
        return files;
    }

    private string WritePicture(PredictionInput input, float[][] outputs, string outDir)
    {
        int h = input.Height, w = input.Width;
        var row = new List<(byte[], int, int)> { (ColorMaps.Image(input.Chw, h, w), h, w) };
        var headers = new List<string> { "input" };
        for (int k = 0; k < Tasks.Count; k++)
        {
            var task = Tasks[k];
            if (!task.Kind.IsDense)
                continue;
            float[] predicted = Predicted(task, outputs[k], h, w);
            float[]? truth = input.Truth?.GetValueOrDefault(task.Target.Name);
            var range = TargetPicture.ValidRange(truth ?? predicted);
            if (truth != null)
            {
                row.Add((TargetPicture.Render(task.Target, truth, h, w, range), h, w));
                headers.Add($"{task.Name} (truth)");
            }
            row.Add((TargetPicture.Render(task.Target, predicted, h, w, range), h, w));
            headers.Add($"{task.Name} (pred)");
        }
        string file = Path.Combine(outDir, input.Name + ".png");
        new ImageGrid().AddRow(row).SavePng(file, headers, scale: Math.Clamp(160 / Math.Max(1, w), 1, 8));
        return file;
    }

    /// <summary>The task's user-facing prediction (class ids, depth, unit normals) from its raw output at H×W.</summary>
    private static float[] Predicted(TaskSpec task, float[] raw, int h, int w)
    {
        using var scope = NewDisposeScope();
        var output = tensor(raw, new long[] { 1, task.OutputChannels, h, w });
        return task.Kind.Predict(output).contiguous().cpu().data<float>().ToArray();
    }

    /// <summary>Sample <paramref name="index"/> of a dataset split, with its ground truth.</summary>
    public static PredictionInput FromDataset(IMultiTaskDataset dataset, string split, int index)
    {
        var sample = dataset.Get(index);
        return new PredictionInput($"{split}-{index:D4}", sample.Image, dataset.Height, dataset.Width, sample.Targets);
    }

    public static PredictionInput FromImage(InputImage image) => new(image.Name, image.Chw, image.Height, image.Width, null);
}
