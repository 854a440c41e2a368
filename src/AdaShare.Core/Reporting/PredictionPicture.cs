using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Tasks;
using AdaShare.Training;
using static TorchSharp.torch;

namespace AdaShare.Reporting;

/// <summary>predictions.png: for a few test images, the input and, per dense task, ground truth beside prediction.</summary>
public static class PredictionPicture
{
    public static void Save(string path, IMultiTaskModel model, BatchBuilder data, IReadOnlyList<TaskSpec> tasks, int count, bool bilinear)
    {
        var dense = tasks.Where(t => t.Kind.IsDense).ToList();
        count = Math.Min(count, data.Dataset.Count);
        if (dense.Count == 0 || count == 0)
            return;
        int h = data.Dataset.Height, w = data.Dataset.Width;
        var grid = new ImageGrid();
        bool wasTraining = model.Module.training;
        model.Module.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            using var batch = data.Sequential(0, count);
            var outputs = model.Forward(batch.Images);
            for (int i = 0; i < count; i++)
            {
                // the stored image, not the (possibly normalised) network input
                var row = new List<(byte[], int, int)> { (ColorMaps.Image(data.Dataset.Get(i).Image, h, w), h, w) };
                foreach (var task in dense)
                {
                    int k = tasks.ToList().IndexOf(task);
                    var target = batch.Targets[task.Target.Name];
                    using var resized = bilinear ? Resize.Bilinear(outputs[k], h, w) : Resize.Nearest(outputs[k], h, w);
                    using var predicted = task.Kind.Predict(resized).cpu();
                    float[] truth = target[i].cpu().data<float>().ToArray();
                    float[] guess = predicted[i].data<float>().ToArray();
                    var range = TargetPicture.ValidRange(truth);
                    row.Add((TargetPicture.Render(task.Target, truth, h, w, range), h, w));
                    row.Add((TargetPicture.Render(task.Target, guess, h, w, range), h, w));
                }
                grid.AddRow(row);
            }
        }
        finally
        {
            model.Module.train(wasTraining);
        }
        var headers = new List<string> { "input" };
        foreach (var task in dense)
        {
            headers.Add($"{task.Name} (truth)");
            headers.Add($"{task.Name} (pred)");
        }
        grid.SavePng(path, headers, scale: Math.Max(1, 160 / w));
    }
}
