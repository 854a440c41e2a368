using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Model;
using AdaShare.Model.Policy;
using AdaShare.Tasks;
using static TorchSharp.torch;

namespace AdaShare.Bench;

/// <summary>
/// `phases`: median milliseconds of one step of every AdaShare phase as the trainer runs it — warm-up (hard sharing,
/// Adam), policy learning at the start (1 active block) and the end (all blocks) of the curriculum (a soft-Gumbel weight
/// step with SGD and a policy step into the logits; the pair's time / 2), re-training with a learned policy (Adam) and
/// inference with it (no grad, outputs upsampled to the input). The same model, sizes and steps as
/// bench/pytorch_phases.py, which `bench/compare-phases.sh` runs beside it. Also: the multiply-adds of the inference
/// pass (our executor and every task on its own full trunk), libtorch's matmul rate, and optionally the RSS of
/// re-training steps over time (a CSV).
/// </summary>
public static class PhaseStepBench
{
    public static int Run(string[] args)
    {
        double width = 0.25;
        int height = 64, widthPx = 80, batch = 16, head = 64, classes = 7, iters = 5, warmup = 2, threads = 2, rssSteps = 0;
        string dilations = "1,2,3,4", policyText = "11111111,11111110,11110110";
        string? json = null, rssCsv = null;
        bool breakdown = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: give a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--width": width = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--height": height = Int(); break;
                case "--width-px": widthPx = Int(); break;
                case "--batch": batch = Int(); break;
                case "--head": head = Int(); break;
                case "--dilations": dilations = Next(); break;
                case "--classes": classes = Int(); break;
                case "--policy": policyText = Next(); break;
                case "--iters": iters = Int(); break;
                case "--warmup": warmup = Int(); break;
                case "--threads": threads = Int(); break;
                case "--json": json = Next(); break;
                case "--rss-steps": rssSteps = Int(); break;
                case "--rss-csv": rssCsv = Next(); break;
                case "--breakdown": breakdown = true; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        set_num_threads(threads);
        manual_seed(0);
        var tasks = new[]
        {
            new TaskSpec("segmentation", TaskKinds.Get("segmentation"),
                new TargetInfo(TargetNames.Segmentation, 1, Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray()), classes, 1),
            new TaskSpec("depth", TaskKinds.Get("depth"), new TargetInfo(TargetNames.Depth, 1), 1, 3),
            new TaskSpec("normal", TaskKinds.Get("normal"), new TargetInfo(TargetNames.Normal, 3), 3, 20),
        };
        var modelConfig = new ModelConfig
        {
            Backbone = "resnet18", Width = width, HeadChannels = head, HeadDropout = 0.1,
            AsppDilations = dilations.Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList(),
        };
        using var net = new MultiTaskNet("bench", modelConfig, tasks);
        int blocks = net.BlockCount;
        var policy = ParsePolicy(policyText, tasks.Select(t => t.Name).ToList(), blocks);
        var learned = GateSet.FromPolicy(policy);
        using var logits = new PolicyLogits("policy", 3, blocks, 0, 0.5);
        var adam = optim.Adam(net.parameters(), 1e-3, 0.5, 0.999, 1e-8, 1e-4, false, false);
        var sgd = optim.SGD(net.parameters(), 1e-3, 0.9, 0, 1e-4, false);
        var policyAdam = optim.Adam(logits.parameters(), 1e-2, 0.9, 0.999, 1e-8, 5e-4, false, false);
        var loss = new Training.MultiTaskLoss(tasks, atInputResolution: true);

        using var images = randn(batch, 3, height, widthPx);
        using var seg = randint(0, classes, new long[] { batch, 1, height, widthPx }).to(float32);
        using var depth = rand(batch, 1, height, widthPx) + 0.1;
        using var normal = nn.functional.normalize(randn(batch, 3, height, widthPx), p: 2, dim: 1);
        var targets = new Dictionary<string, Tensor> { ["segmentation"] = seg, ["depth"] = depth, ["normal"] = normal };
        using var gen = new Generator(1);

        Tensor Loss(Tensor[] outputs)
        {
            using var b = new Batch(images.alias(), targets.ToDictionary(kv => kv.Key, kv => kv.Value.alias()));
            return loss.Compute(outputs, b, "bench").Item1;
        }
        void WarmUpStep()
        {
            adam.zero_grad();
            Loss(net.Forward(images)).backward();
            adam.step();
        }
        void PolicyPair(int firstActive)
        {
            sgd.zero_grad();
            Loss(net.Forward(images, logits.SampleGates(5.0, hard: false, firstActive, withGradient: false, gen))).backward();
            sgd.step();
            foreach (var p in net.parameters())
                p.requires_grad = false;
            policyAdam.zero_grad();
            var total = Loss(net.Forward(images, logits.SampleGates(5.0, hard: false, firstActive, withGradient: true, gen)));
            using var sparsity = PolicyRegularizers.Sparsity(logits.logits, firstActive);
            using var sharing = PolicyRegularizers.Sharing(logits.logits, true, false);
            (total + 0.001 * sparsity + 0.05 * sharing).backward();
            policyAdam.step();
            foreach (var p in net.parameters())
                p.requires_grad = true;
        }
        void RetrainStep()
        {
            adam.zero_grad();
            Loss(net.Forward(images, learned)).backward();
            adam.step();
        }
        void Infer()
        {
            using var _ = no_grad();
            foreach (var o in net.Forward(images, learned))
                Training.Resize.Bilinear(o, height, widthPx);
        }

        if (breakdown)
        {
            // Where a step's time goes: medians of its parts, timed one after another in the same steps.
            void Parts(string name, Action<Dictionary<string, Stopwatch>> step)
            {
                var samples = new Dictionary<string, List<double>>();
                for (int i = 0; i < warmup + iters; i++)
                {
                    var watches = new Dictionary<string, Stopwatch>();
                    using (var scope = NewDisposeScope())
                        step(watches);
                    if (i < warmup)
                        continue;
                    foreach (var (part, w) in watches)
                        (samples.TryGetValue(part, out var list) ? list : samples[part] = new()).Add(w.Elapsed.TotalMilliseconds);
                }
                foreach (var (part, list) in samples)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"breakdown {name} {part} {list.Order().ElementAt(list.Count / 2):F2} ms"));
            }
            T Time<T>(Dictionary<string, Stopwatch> w, string part, Func<T> f)
            {
                var sw = w.TryGetValue(part, out var existing) ? existing : w[part] = new Stopwatch();
                sw.Start();
                try { return f(); } finally { sw.Stop(); }
            }
            void TimeAction(Dictionary<string, Stopwatch> w, string part, Action f) => Time(w, part, () => { f(); return 0; });
            net.train();
            Parts("warmup", w =>
            {
                adam.zero_grad();
                var total = Time(w, "forward+loss", () => Loss(net.Forward(images)));
                TimeAction(w, "backward", total.backward);
                TimeAction(w, "optimizer", () => adam.step());
            });
            foreach (int firstActive in new[] { blocks - 1, 0 })
            {
                string at = firstActive == 0 ? "end" : "start";
                Parts($"policy-weight-step-{at}", w =>
                {
                    sgd.zero_grad();
                    var gates = Time(w, "gates", () => logits.SampleGates(5.0, hard: false, firstActive, withGradient: false, gen));
                    var outputs = Time(w, "forward", () => net.Forward(images, gates));
                    var total = Time(w, "loss", () => Loss(outputs));
                    TimeAction(w, "backward", total.backward);
                    TimeAction(w, "optimizer", () => sgd.step());
                });
                Parts($"policy-logit-step-{at}", w =>
                {
                    TimeAction(w, "freeze", () => { foreach (var p in net.parameters()) p.requires_grad = false; });
                    policyAdam.zero_grad();
                    var gates = Time(w, "gates", () => logits.SampleGates(5.0, hard: false, firstActive, withGradient: true, gen));
                    var outputs = Time(w, "forward", () => net.Forward(images, gates));
                    var total = Time(w, "loss", () => Loss(outputs));
                    var all = Time(w, "regularisers", () => total + 0.001 * PolicyRegularizers.Sparsity(logits.logits, firstActive) + 0.05 * PolicyRegularizers.Sharing(logits.logits, true, false));
                    TimeAction(w, "backward", all.backward);
                    TimeAction(w, "optimizer", () => policyAdam.step());
                    TimeAction(w, "unfreeze", () => { foreach (var p in net.parameters()) p.requires_grad = true; });
                });
            }
            Parts("forward-parts", w =>
            {
                var all = GateSet.AllExecute(tasks.Length, blocks);
                var features = Time(w, "trunk-shared", () => net.SharedFeatures(images, all));
                for (int k = 0; k < tasks.Length; k++)
                    Time(w, $"head/{tasks[k].Name}", () => net.heads[k].call(features[k]));
                var soft = logits.SampleGates(5.0, hard: false, 0, withGradient: false, gen);
                Time(w, "trunk-soft-all-blocks", () => net.SharedFeatures(images, soft));
            });
            Parts("loss-per-task", w =>
            {
                using var _ = no_grad();
                var outputs = net.Forward(images);
                for (int k = 0; k < tasks.Length; k++)
                {
                    var target = targets[tasks[k].Target.Name];
                    TimeAction(w, $"upsample/{tasks[k].Name}", () => Training.Resize.Bilinear(outputs[k], height, widthPx));
                    using var up = Training.Resize.Bilinear(outputs[k], height, widthPx);
                    TimeAction(w, $"loss/{tasks[k].Name}", () => tasks[k].Kind.Loss(up, target, tasks[k].Target));
                }
            });
            Parts("normal-loss-ops", w =>
            {
                using var _ = no_grad();
                using var pred = randn(batch, 3, height, widthPx);
                var unit = Time(w, "normalize", () => nn.functional.normalize(pred, p: 2, dim: 1));
                var n = Time(w, "norm-dim1", () => normal.norm(1, keepdim: true));
                Time(w, "linalg-vector-norm", () => linalg.vector_norm(normal, dims: new long[] { 1 }, keepdim: true));
                Time(w, "square-sum-sqrt", () => normal.square().sum(1, keepdim: true).sqrt());
                var v = Time(w, "gt", () => n.gt(0.5));
                var prod = Time(w, "mul", () => unit * normal);
                Time(w, "sum-dim1", () => prod.sum(1, keepdim: true));
            });
            Parts("retrain", w =>
            {
                adam.zero_grad();
                var outputs = Time(w, "forward", () => net.Forward(images, learned));
                var total = Time(w, "loss", () => Loss(outputs));
                TimeAction(w, "backward", total.backward);
                TimeAction(w, "optimizer", () => adam.step());
            });
            return 0;
        }

        var results = new Dictionary<string, double>
        {
            ["warmup_ms"] = Median(WarmUpStep, iters, warmup, net, train: true),
            ["policy_start_ms"] = Median(() => PolicyPair(blocks - 1), iters, warmup, net, train: true) / 2,
            ["policy_end_ms"] = Median(() => PolicyPair(0), iters, warmup, net, train: true) / 2,
            ["retrain_ms"] = Median(RetrainStep, iters, warmup, net, train: true),
            ["infer_ms"] = Median(Infer, iters, warmup, net, train: false),
        };

        // Work: multiply-adds of one image's inference with the learned policy (our executor) and with every task on its
        // own full trunk (the official computation), and the block evaluations each makes.
        net.eval();
        using var one = zeros(1, 3, height, widthPx);
        results["infer_macs_ours"] = ModelComplexity.CountMultiplyAdds(net, () => { foreach (var o in net.Forward(one, learned)) o.Dispose(); }).Total;
        results["infer_macs_per_task_full"] = ModelComplexity.CountMultiplyAdds(net, () => { foreach (var o in net.ForwardNaive(one)) o.Dispose(); }).Total;
        results["unique_blocks"] = UniqueBlockEvaluations(policy);
        results["task_blocks"] = policy.Tasks * policy.Blocks;
        results["infer_gflops"] = 2.0 * results["infer_macs_ours"] * batch / (results["infer_ms"] / 1000) / 1e9;
        results["matmul_gflops"] = MatmulRate();
        results["threads"] = threads;
        if (rssSteps > 0)
            results["rss_growth_mb"] = RecordRss(RetrainStep, rssSteps, rssCsv ?? "bench/results/rss.csv", net);

        Console.WriteLine($"AdaShare.NET phase steps: ResNet-18 × {width}, {height}×{widthPx}, batch {batch}, heads {head} ch [{dilations}], {threads} threads, policy {policyText}");
        foreach (var (k, v) in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k,-26} {v,12:F1}"));
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            File.WriteAllText(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }
        return 0;
    }

    /// <summary>"11111111,11111110,…": per task, 1 = execute block l.</summary>
    private static TaskPolicy ParsePolicy(string text, IReadOnlyList<string> taskNames, int blocks)
    {
        var rows = text.Split(',');
        if (rows.Length != taskNames.Count || rows.Any(r => r.Length != blocks || r.Any(c => c is not ('0' or '1'))))
            throw new ArgumentException($"--policy: give {taskNames.Count} strings of {blocks} 0/1 digits, comma-separated");
        var execute = new bool[taskNames.Count, blocks];
        for (int k = 0; k < rows.Length; k++)
            for (int l = 0; l < blocks; l++)
                execute[k, l] = rows[k][l] == '1';
        return new TaskPolicy(taskNames, execute);
    }

    /// <summary>Blocks the shared-prefix executor evaluates: per block, one per group of tasks with the same decisions so far that executes it.</summary>
    private static int UniqueBlockEvaluations(TaskPolicy policy)
    {
        int count = 0;
        for (int l = 0; l < policy.Blocks; l++)
            count += Enumerable.Range(0, policy.Tasks).Where(k => policy.Executes(k, l))
                .Select(k => string.Concat(Enumerable.Range(0, l + 1).Select(j => policy.Executes(k, j) ? '1' : '0'))).Distinct().Count();
        return count;
    }

    private static double Median(Action step, int iters, int warmup, nn.Module net, bool train)
    {
        net.train(train);
        var times = new List<double>();
        for (int it = 0; it < warmup + iters; it++)
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
                step();
            if (it >= warmup)
                times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var s = times.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>libtorch's float32 matmul rate here (1024×1024, the best of 5 after a warm-up): the ceiling for comparison.</summary>
    private static double MatmulRate()
    {
        using var a = randn(1024, 1024);
        using var b = randn(1024, 1024);
        double best = double.MaxValue;
        for (int i = 0; i < 7; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var c = a.matmul(b))
                c.sum().item<float>();
            if (i >= 2)
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }

    /// <summary>Resident set size after every 10th of <paramref name="steps"/> re-train steps into a CSV; returns the growth after the first 10 % (MB).</summary>
    private static double RecordRss(Action step, int steps, string csv, nn.Module net)
    {
        net.train();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(csv))!);
        var rows = new List<(int Step, double Mb)>();
        using var process = Process.GetCurrentProcess();
        // written as it goes, so a run stopped early still leaves its curve
        using var writer = new StreamWriter(csv) { AutoFlush = true };
        writer.WriteLine("step,rss_mb");
        for (int it = 1; it <= steps; it++)
        {
            using (NewDisposeScope())
                step();
            if (it % 10 == 0 || it == 1)
            {
                process.Refresh();
                rows.Add((it, process.WorkingSet64 / 1048576.0));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{it},{rows[^1].Mb:F1}"));
            }
        }
        var settled = rows.First(r => r.Step >= steps / 10);
        return rows[^1].Mb - settled.Mb;
    }
}
