using AdaShare.Config;
using AdaShare.Methods;
using AdaShare.Training;

namespace AdaShare.Comparison;

/// <summary>
/// Runs several methods on one config — same data, backbone, heads and training budget — into sibling run
/// directories &lt;runs_dir&gt;/&lt;config name&gt;-compare/&lt;method&gt;/, reusing runs whose evaluation finished, and
/// tabulates them against the single-task baseline. AdaShare runs first so that random-policy gets its learned
/// execute rate.
/// </summary>
public sealed class ComparisonRunner(ExperimentConfig config, Func<ExperimentConfig, DataSplits> openSplits, string runsDir, IProgressSink progress)
{
    public const string AllMethods = "all";

    public string Root => Path.Combine(runsDir, $"{config.Name}-compare");

    public string RunDirectoryOf(string method) => Path.Combine(Root, method);

    /// <summary>"all" or a comma-separated list of registered methods, in registration order (AdaShare first).</summary>
    public static IReadOnlyList<string> ResolveMethods(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim() == AllMethods)
            return MethodRegistry.Names.ToList();
        var asked = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = asked.Where(m => !MethodRegistry.TryGet(m, out _)).ToList();
        if (unknown.Count > 0)
            throw new ConfigException($"--methods: unknown method(s) {string.Join(", ", unknown)} (known: {string.Join(", ", MethodRegistry.Names)}, or all)");
        return MethodRegistry.Names.Where(asked.Contains).ToList();
    }

    public ComparisonTable Run(IReadOnlyList<string> methods)
    {
        Directory.CreateDirectory(Root);
        DataSplits? data = null;
        var runs = new List<(string Method, RunMetrics Metrics)>();
        foreach (string method in methods)
        {
            var methodConfig = ConfigFor(method);
            string dir = RunDirectoryOf(method);
            string yaml = ConfigLoader.ToYaml(methodConfig);
            string configPath = Path.Combine(dir, "config.yaml");
            if (File.Exists(configPath) && File.ReadAllText(configPath) != yaml)
                throw new ConfigException($"{dir} holds a run of a different config (config.yaml differs); delete that folder or pass another --runs-dir");
            if (Finished(dir))
            {
                progress.Message($"{method}: finished run reused ({dir})");
            }
            else
            {
                progress.Message($"{method}: training into {dir}");
                data ??= openSplits(config);
                var run = new RunDirectory(dir);
                run.WriteText(run.ConfigPath, yaml);
                Trainer.Run(new TrainingContext(methodConfig, data, run, progress));
            }
            runs.Add((method, RunMetrics.Load(Path.Combine(dir, "metrics.json"))));
        }
        var single = runs.FirstOrDefault(r => r.Method == SingleTask).Metrics
                     ?? (Finished(RunDirectoryOf(SingleTask)) ? RunMetrics.Load(Path.Combine(RunDirectoryOf(SingleTask), "metrics.json")) : null);
        return ComparisonTable.Build(config, runs, single);
    }

    private const string SingleTask = "single-task";

    /// <summary>The config of one method's run: the shared config with `method` set (and, for random-policy, AdaShare's
    /// learned execute rate when an AdaShare run of this comparison has finished).</summary>
    public ExperimentConfig ConfigFor(string method)
    {
        var c = ConfigLoader.Parse(ConfigLoader.ToYaml(config), $"{config.Name} ({method})");
        c.Method = method;
        c.Eval.SingleTaskBaseline = null; // Δ_T is computed by the comparison, against its own single-task run
        if (method == "random-policy")
        {
            string adashare = Path.Combine(RunDirectoryOf("adashare"), "metrics.json");
            if (Finished(RunDirectoryOf("adashare")))
                c.Policy.RandomExecuteRate = RunMetrics.Load(adashare).ExecuteRate;
            else
                progress.Message($"random-policy: no finished AdaShare run in {Root}; using policy.random_execute_rate = {c.Policy.RandomExecuteRate}");
        }
        return c;
    }

    /// <summary>A run is reusable when its state says evaluation completed and its metrics exist.</summary>
    public static bool Finished(string dir)
    {
        string state = Path.Combine(dir, "state.json");
        if (!File.Exists(state) || !File.Exists(Path.Combine(dir, "metrics.json")))
            return false;
        var s = System.Text.Json.JsonSerializer.Deserialize<RunState>(File.ReadAllText(state), RunDirectory.Json);
        return s?.Completed("eval") == true;
    }
}
