using AdaShare.Config;
using AdaShare.Data.DomainNet;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Tests.Data.Fixtures;
using AdaShare.Training;
using static TorchSharp.torch;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

public sealed class DomainNetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-domainnet-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly Dictionary<string, (int, int)> Layout = new() { ["real"] = (6, 2), ["sketch"] = (4, 3) };

    private DomainNetDataset Open(string split, bool training)
    {
        var lists = DomainNetList.ReadAll(_dir, split, ["real", "sketch"], DomainNetDataset.ClassCount);
        return new DomainNetDataset(_dir, lists, training, 8, DomainNetList.ClassNames(lists, DomainNetDataset.ClassCount));
    }

    [Fact]
    public void One_view_and_one_345_way_label_per_domain_with_class_names_from_the_folders()
    {
        DomainNetFixture.Write(_dir, Layout);
        var ds = Open("train", training: false);
        Assert.Equal((6, 2, 8, 8), (ds.Count, ds.Views, ds.Height, ds.Width));
        Assert.Equal(new[] { ("real", 0), ("sketch", 1) }, ds.Targets.Select(t => (t.Name, t.View)));
        Assert.Equal(345, ds.Targets[0].ClassNames!.Count);
        Assert.Equal("alarm_clock", ds.Targets[0].ClassNames![2]);
        Assert.Equal("class3", ds.Targets[0].ClassNames![3]);

        var s = ds.Get(1);
        Assert.Equal(2 * 3 * 64, s.Image.Length);
        Assert.Equal(1f, s.Targets["real"][0]);
        Assert.Equal(1f, s.Targets["sketch"][0]);
        // sketch (PNG, lossless) image 1 is flat (30, 128, 200): the resize keeps it exactly
        Assert.All(s.Image.AsSpan(3 * 64, 64).ToArray(), v => Assert.Equal(30 / 255f, v, 5));
        Assert.All(s.Image.AsSpan(5 * 64, 64).ToArray(), v => Assert.Equal(200 / 255f, v, 5));
        // real (JPEG) image 1 is close to (30, 128, 200)
        Assert.InRange(s.Image[64 + 10] * 255, 118, 138);

        // evaluation: sketch has 4 train images, so samples 4 and 5 have no sketch image and no label
        var late = ds.Get(5);
        Assert.Equal(TargetNames.NoLabel, late.Targets["sketch"][0]);
        Assert.Equal(2f, late.Targets["real"][0]);
        Assert.All(late.Image.AsSpan(3 * 64, 3 * 64).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Training_wraps_shorter_domains_and_random_crops_are_seeded()
    {
        DomainNetFixture.Write(_dir, Layout);
        var ds = Open("train", training: true);
        Assert.Equal(1f, ds.Get(5).Targets["sketch"][0]); // 5 mod 4 = 1 → label 1
        Assert.Equal(ds.GetTransformed(3, 11).Image, ds.GetTransformed(3, 11).Image);

        for (int i = 0; i < 50; i++)
        {
            var (top, left, h, w) = DomainNetDataset.RandomResizedCrop(40, 60, new Random(i));
            Assert.InRange(h * w, 0.6 * 2400 - 80, 2400.0);
            Assert.InRange(w / h, 0.70, 1.40);
            Assert.True(top >= 0 && left >= 0 && top + h <= 40 && left + w <= 60);
        }
    }

    [Fact]
    public void Batches_stack_each_domains_images_and_labels_skip_missing_views()
    {
        DomainNetFixture.Write(_dir, Layout);
        var ds = Open("test", training: false);
        var builder = new BatchBuilder(ds, ["real", "sketch"], CPU);
        using var batch = builder.Sequential(0, 3);
        Assert.Equal(new long[] { 3, 6, 8, 8 }, batch.Images.shape);
        Assert.Equal(new long[] { 3, 1 }, batch.Targets["sketch"].shape);
        Assert.Equal(new[] { 0f, 1f, TargetNames.NoLabel }, batch.Targets["real"].data<float>().ToArray()); // real test = images 6, 7
    }

    [Fact]
    public void Every_bad_line_and_missing_file_is_reported_in_one_error()
    {
        DomainNetFixture.Write(_dir, Layout);
        File.AppendAllLines(Path.Combine(_dir, "real_train.txt"), ["real/airplane/none.jpg 1", "just-a-path", "real/airplane/real_001_000001.jpg 345"]);
        File.Delete(Path.Combine(_dir, "sketch_test.txt"));
        var e = Assert.Throws<InvalidDataException>(() => DomainNetList.ReadAll(_dir, "train", ["real", "sketch"], 345));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("3 problem(s)", e.Message);
        Assert.Contains("real_train.txt:7: ", e.Message);
        Assert.Contains("none.jpg not found", e.Message);
        Assert.Contains("real_train.txt:8: 'just-a-path' is not 'path label'", e.Message);
        Assert.Contains("real_train.txt:9: label 345 out of range (expected 0..344)", e.Message);
        Assert.Contains("sketch_test.txt: list not found", Assert.Throws<InvalidDataException>(() => DomainNetList.ReadAll(_dir, "test", ["real", "sketch"], 345)).Message);
        Assert.Contains("dataset root folder not found", Assert.Throws<InvalidDataException>(() => DomainNetList.ReadAll(Path.Combine(_dir, "x"), "test", ["real"], 345)).Message);

        var lists = DomainNetList.ReadAll(_dir, "test", ["real"], 345);
        string first = Path.Combine(_dir, lists[0].Entries[0].Path);
        File.WriteAllBytes(first, File.ReadAllBytes(first)[..40]);
        var ds = new DomainNetDataset(_dir, lists, false, 8, DomainNetList.ClassNames(lists, 345));
        Assert.StartsWith($"{first}: ", Assert.Throws<InvalidDataException>(() => ds.Get(0)).Message);
    }

    [Fact]
    public void Short_training_run_on_the_fixture_trains_one_classifier_per_domain()
    {
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        DomainNetFixture.Write(data, new Dictionary<string, (int, int)> { ["real"] = (8, 3), ["quickdraw"] = (6, 2), ["clipart"] = (5, 2) });
        var config = ConfigLoader.Parse($$"""
            name: domainnet-tiny
            seed: 4
            data: { dataset: domainnet, root: {{data}}, height: 32, width: 32, val_size: 1 }
            model: { backbone: resnet34, dilated: false, task_batch_norm: true, width: 0.0625 }
            policy: { samples: 1, curriculum_speed: 1, sparsity_weight: 0.01, sharing_weight: 0.1 }
            train: { batch_size: 2, warmup_iters: 2, alternations: 2, weight_iters_per_alternation: 1, policy_iters_per_alternation: 1, retrain_iters: 2, checkpoint_every: 100, log_every: 1 }
            eval: { batch_size: 4 }
            tasks: [{ name: real, kind: classification }, { name: quickdraw, kind: classification }, { name: clipart, kind: classification }]
            """);
        string run = Path.Combine(_dir, "run");
        var ctx = new TrainingContext(config, DatasetFactory.OpenSplits(config), new RunDirectory(run), NullProgressSink.Instance);
        Trainer.Run(ctx);
        var metrics = RunMetrics.Load(Path.Combine(run, "metrics.json"));
        Assert.Equal(new[] { "real", "quickdraw", "clipart" }, metrics.Tasks.Keys);
        Assert.All(metrics.Tasks.Values, m => Assert.InRange(m.Single(x => x.Name == "top1").Value, 0, 1));
    }
}
