using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Tasks;
using AdaShare.Tasks.Losses;
using static TorchSharp.torch;

namespace AdaShare.Bench;

/// <summary>
/// `train-step [--batch 8] [--size 128] [--width 1.0] [--iters 20] [--warmup 3] [--threads 2] [--head 256] [--json FILE]`:
/// median milliseconds of an AdaShare training step (hard straight-through Gumbel policy, all 3 tasks, weights + policy
/// Adam steps) and of inference, each with our shared-prefix executor and with the naive per-task execution of the
/// official code. The defaults mirror ../shared/bench/pytorch-reference/adashare_ref.py (ResNet-18, 128×128, batch 8,
/// heads: one 3×3 dilation-6 branch), so the two can run back to back; see bench/README.md.
/// </summary>
public static class TrainStepBench
{
    public static int Run(string[] args)
    {
        int batch = 8, size = 128, iters = 20, warmup = 3, threads = 2, head = 256;
        double width = 1.0;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--width": width = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--iters": iters = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--head": head = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--json": json = args[++i]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        set_num_threads(threads);
        manual_seed(0);
        var classes = Enumerable.Range(0, 13).Select(c => $"c{c}").ToArray();
        var tasks = new[]
        {
            new TaskSpec("segmentation", TaskKinds.Get("segmentation"), new TargetInfo(TargetNames.Segmentation, 1, classes), 13, 1),
            new TaskSpec("depth", TaskKinds.Get("depth"), new TargetInfo(TargetNames.Depth, 1), 1, 3),
            new TaskSpec("normal", TaskKinds.Get("normal"), new TargetInfo(TargetNames.Normal, 3), 3, 20),
        };
        var modelConfig = new ModelConfig { Backbone = "resnet18", Width = width, HeadChannels = head, AsppDilations = new() { 6 }, HeadDropout = 0 };
        using var net = new MultiTaskNet("bench", modelConfig, tasks);
        using var policy = new PolicyLogits("policy", 3, net.BlockCount, 0, 0.5);
        var weightOpt = optim.Adam(net.parameters(), 1e-3, 0.5, 0.999, 1e-8, 1e-4, false, false);
        var policyOpt = optim.Adam(policy.parameters(), 1e-2, 0.9, 0.999, 1e-8, 5e-4, false, false);
        var loss = new Training.MultiTaskLoss(tasks, atInputResolution: true);

        using var images = randn(batch, 3, size, size);
        using var seg = randint(0, 13, new long[] { batch, 1, size, size }).to(float32);
        using var depth = rand(batch, 1, size, size) + 0.1;
        using var normal = nn.functional.normalize(randn(batch, 3, size, size), p: 2, dim: 1);
        var targets = new Dictionary<string, Tensor> { ["segmentation"] = seg, ["depth"] = depth, ["normal"] = normal };

        var results = new Dictionary<string, double>();
        foreach (bool naive in new[] { false, true })
        {
            string mode = naive ? "naive" : "shared";
            var times = new List<double>();
            using var gen = new Generator(1);
            for (int it = 0; it < warmup + iters; it++)
            {
                var clock = Stopwatch.StartNew();
                using (NewDisposeScope())
                {
                    var gates = policy.SampleGates(5.0, hard: true, firstActiveBlock: 0, withGradient: true, gen);
                    weightOpt.zero_grad();
                    policyOpt.zero_grad();
                    var outputs = naive ? net.ForwardNaive(images, gates) : net.Forward(images, gates);
                    using var b = new Batch(images.alias(), targets.ToDictionary(kv => kv.Key, kv => kv.Value.alias()));
                    var (total, _) = loss.Compute(outputs, b, "bench");
                    using var sparsity = PolicyRegularizers.Sparsity(policy.logits, 0);
                    using var sharing = PolicyRegularizers.Sharing(policy.logits, true, false);
                    using var all = total + 0.001 * sparsity + 0.05 * sharing;
                    all.backward();
                    weightOpt.step();
                    policyOpt.step();
                }
                if (it >= warmup)
                    times.Add(clock.Elapsed.TotalMilliseconds);
            }
            results[$"train_ms_{mode}"] = Median(times);
        }

        // Inference with fixed policies: every block for every task (the reference's --eval-policy all), and a policy
        // where each task skips two different late blocks.
        var execute = new bool[3, net.BlockCount];
        for (int k = 0; k < 3; k++)
            for (int l = 0; l < net.BlockCount; l++)
                execute[k, l] = !(l >= 5 && (l - 5) % 3 == k);
        var policies = new Dictionary<string, GateSet>
        {
            ["all"] = GateSet.AllExecute(3, net.BlockCount),
            ["mixed"] = GateSet.FromPolicy(new TaskPolicy(tasks.Select(t => t.Name).ToList(), execute)),
        };
        net.eval();
        foreach (var (name, gates) in policies)
        {
            foreach (bool naive in new[] { false, true })
            {
                var times = new List<double>();
                for (int it = 0; it < warmup + iters; it++)
                {
                    var clock = Stopwatch.StartNew();
                    using (no_grad())
                    using (NewDisposeScope())
                    {
                        var outputs = naive ? net.ForwardNaive(images, gates) : net.Forward(images, gates);
                        // Upsampled to the input size, as the reference's inference does.
                        foreach (var o in outputs)
                            Training.Resize.Bilinear(o, size, size);
                    }
                    if (it >= warmup)
                        times.Add(clock.Elapsed.TotalMilliseconds);
                }
                results[$"infer_{name}_ms_{(naive ? "naive" : "shared")}"] = Median(times);
            }
        }
        results["weight_params"] = net.parameters().Sum(p => p.numel());
        results["policy_logits"] = policy.logits.numel();

        Console.WriteLine($"AdaShare.NET train-step: ResNet-18 × {width}, {size}×{size}, batch {batch}, {threads} threads, heads {head} ch");
        Console.WriteLine($"  weight params {results["weight_params"]:N0}, policy logits {results["policy_logits"]}");
        Console.WriteLine($"  train  (hard ST Gumbel, weights+policy step): shared {results["train_ms_shared"],8:F1} ms   naive {results["train_ms_naive"],8:F1} ms");
        Console.WriteLine($"  infer, every block (no grad)                : shared {results["infer_all_ms_shared"],8:F1} ms   naive {results["infer_all_ms_naive"],8:F1} ms");
        Console.WriteLine($"  infer, each task skips 2 late blocks        : shared {results["infer_mixed_ms_shared"],8:F1} ms   naive {results["infer_mixed_ms_naive"],8:F1} ms");
        Console.WriteLine($"  images/s (shared): train {batch * 1000 / results["train_ms_shared"]:F1}, infer every block {batch * 1000 / results["infer_all_ms_shared"]:F1}");
        if (json != null)
            File.WriteAllText(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
