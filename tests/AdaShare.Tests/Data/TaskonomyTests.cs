using AdaShare.Config;
using AdaShare.Data.Taskonomy;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Tasks;
using AdaShare.Tests.Data.Fixtures;
using AdaShare.Training;
using static AdaShare.Tests.Data.Fixtures.TaskonomyFixture;
using static TorchSharp.torch;
using AdaShare.Experiments;

namespace AdaShare.Tests.Data;

public sealed class TaskonomyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-taskonomy-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Reads_every_map_with_the_official_transforms_at_the_requested_size()
    {
        Write(_dir);
        var ds = new TaskonomyDataset(_dir, "train", 8, 8); // 16 → 8: nearest takes source (2y, 2x)
        Assert.Equal((6, 8, 8), (ds.Count, ds.Height, ds.Width));
        Assert.Equal(new[] { ("segmentation", 1), ("normal", 3), ("depth", 1), ("keypoint", 1), ("edge", 1) }, ds.Targets.Select(t => (t.Name, t.Channels)));
        Assert.Equal(17, ds.Targets[0].ClassNames!.Count);
        Assert.Equal(Prior, ds.Targets[0].ClassWeights);

        const int i = 1, hw = 64;
        var s = ds.Get(i);
        int At(int y, int x) => y * 8 + x;
        (int sy, int sx) = (2 * 3, 2 * 5); // destination (3, 5)
        Assert.Equal(Rgb(i, sy, sx).R / 255f, s.Image[At(3, 5)]);
        Assert.Equal(Rgb(i, sy, sx).B / 255f, s.Image[2 * hw + At(3, 5)]);

        var seg = s.Targets[TargetNames.Segmentation];
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
            {
                int label = Label(i, 2 * y, 2 * x);
                Assert.Equal(label == 0 ? 255f : label - 1, seg[At(y, x)]);
            }
        Assert.Contains(255f, seg);
        Assert.Contains(16f, seg);

        var depth = s.Targets[TargetNames.Depth];
        Assert.Equal(0f, depth[At(3, 0)]); // 65535 ≥ 64500: invalid
        Assert.Equal(MathF.Log(1f + Depth(i, sy, sx)) / MathF.Log(65536f), depth[At(3, 5)], 6);
        Assert.Equal(MathF.Log(1f + 24029) / MathF.Log(65536f), depth[At(3, 2)], 6); // 6·4000 + 4·7 + 1 by hand

        var normal = s.Targets[TargetNames.Normal];
        Assert.Equal((255 - 10 * 8) / 255f * 2 - 1, normal[At(3, 5)], 6);
        Assert.Equal(6 * 8 / 255f * 2 - 1, normal[hw + At(3, 5)], 6);
        Assert.Equal(200 / 255f * 2 - 1, normal[2 * hw + At(3, 5)], 6);
        Assert.Equal(0f, normal[At(3, 0)]); // no depth → no normal
        Assert.Equal(0f, normal[2 * hw + At(3, 0)]);

        var keypoint = s.Targets[TargetNames.Keypoint];
        Assert.Equal(-1f, keypoint[At(0, 0)]);                                // 0 → −1
        Assert.Equal((326 / 65536f) / 0.005f * 2 - 1, keypoint[At(3, 4)], 5); // 8·40 + 6 = 326 < 327.68
        Assert.Equal(1f, keypoint[At(3, 5)]);                                 // 406 clipped at 0.005
        var edge = s.Targets[TargetNames.Edge];
        Assert.Equal((4206 / 65536f) / 0.08f * 2 - 1, edge[At(3, 3)], 5);     // 6·700 + 6
        Assert.Equal(1f, edge[At(3, 4)]);                                     // 5606 clipped at 0.08
    }

    [Fact]
    public void Class_weights_reach_the_segmentation_loss()
    {
        Write(_dir, train: 2, test: 1);
        var ds = new TaskonomyDataset(_dir, "train", 4, 4);
        var spec = TaskSpec.Bind([new TaskConfig { Name = "segmentation" }], ds).Single();
        using var target = tensor(ds.Get(0).Targets[TargetNames.Segmentation], [1, 1, 4, 4]);
        manual_seed(1);
        using var logits = randn(1, 17, 4, 4);
        using var loss = new MultiTaskLoss([spec], atInputResolution: true).TaskLoss(spec, logits, target);

        // By hand: Σ w_y · (−log softmax_y) / Σ w_y over labelled pixels.
        using var logp = logits.log_softmax(1);
        double num = 0, den = 0;
        var labels = ds.Get(0).Targets[TargetNames.Segmentation];
        for (int p = 0; p < 16; p++)
        {
            if (labels[p] == 255f) continue;
            int y = (int)labels[p];
            num += Prior[y] * -logp[0, y, p / 4, p % 4].item<float>();
            den += Prior[y];
        }
        Assert.Equal(num / den, loss.item<float>(), 4);
        using var unweighted = spec.Kind.Loss(logits, target);
        Assert.NotEqual(unweighted.item<float>(), loss.item<float>(), 3);
    }

    [Fact]
    public void Flip_mirrors_every_map_and_negates_the_normal_x()
    {
        Write(_dir, train: 4, test: 1);
        var ds = new TaskonomyDataset(_dir, "train", 8, 8);
        var builder = new BatchBuilder(ds, ds.Targets.Select(t => t.Name).ToArray(), CPU);
        bool sawFlip = false;
        for (int it = 0; it < 4 && !sawFlip; it++)
        {
            var indices = BatchBuilder.TrainingIndices(ds.Count, 4, 7, "t", it);
            using var batch = builder.Training(4, 7, "t", it, flip: true);
            using var normals = batch.Targets[TargetNames.Normal].cpu();
            using var depth = batch.Targets[TargetNames.Depth].cpu();
            for (int b = 0; b < 4; b++)
            {
                var s = ds.Get(indices[b]);
                float original = s.Targets[TargetNames.Depth][3 * 8 + 2];
                if (depth[b, 0, 3, 8 - 1 - 2].item<float>() != original || original == depth[b, 0, 3, 2].item<float>()) continue;
                sawFlip = true;
                Assert.Equal(-s.Targets[TargetNames.Normal][3 * 8 + 2], normals[b, 0, 3, 5].item<float>());
                Assert.Equal(s.Targets[TargetNames.Normal][64 + 3 * 8 + 2], normals[b, 1, 3, 5].item<float>());
            }
        }
        Assert.True(sawFlip, "no flipped sample in 4 batches");
    }

    [Fact]
    public void Splits_follow_the_list_and_the_holdout_is_never_trained_on()
    {
        Write(_dir, train: 8, test: 3);
        var splits = TaskonomySplits.Open(_dir, 8, 8, valSize: 2, seed: 5, cache: true);
        Assert.Equal((6, 2, 3), (splits.Train.Count, splits.Val.Count, splits.Test.Count));
        Assert.Equal(6, splits.Train1.Count + splits.Train2.Count);
        var val = Enumerable.Range(0, 2).Select(i => splits.Val.Get(i).Image).ToList();
        foreach (var part in new[] { splits.Train, splits.Train1, splits.Train2 })
            for (int i = 0; i < part.Count; i++)
                Assert.DoesNotContain(val, v => v.SequenceEqual(part.Get(i).Image));
        Assert.Equal(10 * 8 / 255f, splits.Test.Get(0).Image[2 * 64]); // test = samples 8.. of the fixture (blue = 10·i)
    }

    [Fact]
    public void Bad_layouts_give_one_line_errors_naming_the_file()
    {
        string Error(Action a) { var e = Assert.Throws<InvalidDataException>(a); Assert.DoesNotContain('\n', e.Message); return e.Message; }

        Assert.Contains("dataset root folder not found", Error(() => new TaskonomyDataset(Path.Combine(_dir, "nope"), "train")));
        Directory.CreateDirectory(_dir);
        Assert.Contains("taskonomy.json: split list not found", Error(() => new TaskonomyDataset(_dir, "train")));
        Write(_dir, train: 4, test: 1);
        Assert.Contains("no split 'val'", Error(() => new TaskonomyDataset(_dir, "val")));

        // every missing file is named, in list order
        File.Delete(Path.Combine(_dir, PathOf("allensville", "normal", 1)));
        File.Delete(Path.Combine(_dir, PathOf("allensville", "edge_texture", 3)));
        var missing = Error(() => new TaskonomyDataset(_dir, "train"));
        Assert.Contains("lists 2 missing file(s)", missing);
        Assert.True(missing.IndexOf("point_1_view_0_domain_normal.png", StringComparison.Ordinal) < missing.IndexOf("point_3_view_0_domain_edge_texture.png", StringComparison.Ordinal));

        var test = new TaskonomyDataset(_dir, "test", 8, 8);
        string depth = Path.Combine(_dir, PathOf("collierville", "depth_zbuffer", 4));
        PngWriter.Write(depth, 16, 16, 1, 8, new int[256]);
        Assert.Contains($"{depth}: 8-bit image, expected a 16-bit grey depth_zbuffer PNG", Error(() => test.Get(0)));
        PngWriter.Write(depth, 12, 16, 1, 16, new int[192]);
        Assert.Contains($"{depth}: size 12x16 differs from its image", Error(() => test.Get(0)));
        PngWriter.Write(depth, 16, 16, 1, 16, new int[256]);
        string seg = Path.Combine(_dir, PathOf("collierville", "segment_semantic", 4));
        PngWriter.Write(seg, 16, 16, 1, 8, Enumerable.Repeat(18, 256).ToArray());
        Assert.Contains($"{seg}: label 18 out of range", Error(() => test.Get(0)));
        var bytes = File.ReadAllBytes(depth);
        File.WriteAllBytes(seg, bytes[..(bytes.Length / 2)]);
        Assert.StartsWith($"{seg}: ", Error(() => test.Get(0)));

        NpyWriter.Write(Path.Combine(_dir, "semseg_prior_factor.npy"), new float[18], 18);
        Assert.Contains("semseg_prior_factor.npy: shape (18), expected (17,)", Error(() => new TaskonomyDataset(_dir, "test")));
    }

    [Fact]
    public void Check_reports_every_invalid_file_in_sample_order()
    {
        Write(_dir, train: 6, test: 1);
        string late = Path.Combine(_dir, PathOf("allensville", "keypoints2d", 4));
        string early = Path.Combine(_dir, PathOf("allensville", "segment_semantic", 1));
        PngWriter.Write(late, 16, 16, 1, 8, new int[256]);
        File.WriteAllText(early, "not a png");
        var ds = new TaskonomyDataset(_dir, "train", 8, 8);
        for (int run = 0; run < 3; run++)
        {
            var errors = DatasetChecker.Check(ds).Errors;
            Assert.Equal(2, errors.Count);
            Assert.Contains(early, errors[0]);
            Assert.Contains(late, errors[1]);
            Assert.All(errors, e => Assert.DoesNotContain('\n', e));
        }
    }

    [Fact]
    public void Short_training_run_on_the_fixture_completes_every_phase()
    {
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        Write(data, train: 8, test: 2);
        var config = ConfigLoader.Parse($$"""
            name: taskonomy-tiny
            seed: 2
            data: { dataset: taskonomy, root: {{data}}, height: 16, width: 16, val_size: 2 }
            model: { backbone: resnet34, width: 0.0625, head_channels: 4, aspp_dilations: [1], head_dropout: 0.0 }
            policy: { samples: 1, curriculum_speed: 1, sparsity_weight: 0.001, sharing_weight: 0.005 }
            train: { batch_size: 2, warmup_iters: 2, alternations: 2, weight_iters_per_alternation: 1, policy_iters_per_alternation: 1, retrain_iters: 2, checkpoint_every: 100, log_every: 1 }
            eval: { batch_size: 2, prediction_images: 1 }
            tasks: [{ name: segmentation }, { name: normal, weight: 3 }, { name: depth, weight: 2 }, { name: keypoint, weight: 7 }, { name: edge, weight: 7 }]
            """);
        string run = Path.Combine(_dir, "run");
        var ctx = new TrainingContext(config, DatasetFactory.OpenSplits(config), new RunDirectory(run), NullProgressSink.Instance);
        Trainer.Run(ctx);
        var metrics = RunMetrics.Load(Path.Combine(run, "metrics.json"));
        Assert.Equal(new[] { "segmentation", "normal", "depth", "keypoint", "edge" }, metrics.Tasks.Keys);
        Assert.All(metrics.Tasks.Values.SelectMany(m => m), m => Assert.True(double.IsFinite(m.Value), m.Name));
    }
}
