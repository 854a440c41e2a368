using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Training;

[Collection(FinishedRunCollection.Name)]
public sealed class TensorBoardTests(FinishedRunFixture run)
{
    private List<TensorBoardValue> Events()
    {
        var files = Directory.GetFiles(Path.Combine(run.Root, "tensorboard"), "events.*");
        Assert.NotEmpty(files);
        return files.SelectMany(TensorBoardEventReader.Read).ToList();
    }

    [Fact]
    public void Every_logged_scalar_is_in_the_event_file_with_its_value()
    {
        var events = Events();
        var log = TrainLog.Read(Path.Combine(run.Root, "train-log.csv"));
        Assert.NotEmpty(log);
        foreach (var row in log)
        {
            var found = events.Where(e => e.Tag == $"{row.Phase}/{row.Name}" && e.Step == row.Step).ToList();
            Assert.True(found.Count == 1, $"{row.Phase}/{row.Name} at step {row.Step}: {found.Count} events");
            Assert.Equal((float)row.Value, found[0].Scalar);
        }
        // The kinds of scalars the issue asks for, each present.
        foreach (string tag in new[] { "warmup/loss", "warmup/loss/depth", "warmup/weight/depth", "policy/weight/depth", "warmup/lr", "policy/tau", "policy/sparsity", "policy/sharing",
                     "policy-probabilities/p_execute/segmentation/7" })
            Assert.Contains(events, e => e.Tag == tag);
    }

    [Fact]
    public void Validation_and_test_metrics_and_the_prediction_picture_are_logged()
    {
        var events = Events();
        var metrics = RunMetrics.Load(Path.Combine(run.Root, "metrics.json"));
        var miou = metrics.Tasks["segmentation"].Single(m => m.Name == "mIoU").Value;
        Assert.Equal((float)miou, events.Single(e => e.Tag == "test/segmentation/mIoU").Scalar);
        var selected = run.State.Candidates[run.State.SelectedCandidate!.Value];
        var valDepth = selected.ValMetrics["depth"][0];
        Assert.Equal((float)valDepth.Value, events.Single(e => e.Tag == $"val/{selected.Name}/depth/{valDepth.Name}").Scalar);
        var picture = events.Single(e => e.Tag == "predictions").Image;
        Assert.NotNull(picture);
        // The writer re-encodes the picture: the same pixels, not the same bytes.
        using var logged = SkiaSharp.SKBitmap.Decode(picture);
        using var original = SkiaSharp.SKBitmap.Decode(Path.Combine(run.Root, "predictions.png"));
        Assert.Equal((original.Width, original.Height), (logged.Width, logged.Height));
        for (int y = 0; y < original.Height; y += 7)
            for (int x = 0; x < original.Width; x += 7)
                Assert.Equal(original.GetPixel(x, y), logged.GetPixel(x, y));
    }
}
