using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Methods;
using AdaShare.Training;
using AdaShare.Experiments;

namespace AdaShare.Comparison;

/// <summary>
/// Runs several methods on one config — same data, backbone, heads and training budget — into sibling run
/// directories &lt;runs_dir&gt;/&lt;config name&gt;-compare/&lt;method&gt;/ (the config's seed), or, for an explicit seed S
/// (`compare --seeds`), &lt;runs_dir&gt;/&lt;config name&gt;-compare/seed-S/&lt;method&gt;/ with seed = S; reuses runs whose
/// evaluation finished, and tabulates them against the single-task baseline of the same seed. AdaShare runs first so
/// that random-policy gets its learned execute rate.
/// </summary>
public sealed class ComparisonRunner(ExperimentConfig config, Func<ExperimentConfig, DataSplits> openSplits, string runsDir, IProgressSink progress)
{
    public const string AllMethods = "all";

    public string Root => Path.Combine(runsDir, $"{config.Name}-compare");

    /// <summary>The folder of one seed's runs: the root without an explicit seed, else root/seed-S.</summary>
    public string SeedRoot(int? seed) => seed is int s ? Path.Combine(Root, SeedFolder(s)) : Root;

    /// <summary>"seed-S": the per-seed folder name under the comparison root.</summary>
    public static string SeedFolder(int seed) => $"seed-{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public string RunDirectoryOf(string method, int? seed = null) => Path.Combine(SeedRoot(seed), method);

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

    /// <summary>"ew,uw,dwa" → the listed loss weightings (registered names, in the given order, distinct).</summary>
    public static IReadOnlyList<string> ResolveWeightings(string spec)
    {
        var asked = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = asked.Where(w => !Weighting.LossWeightings.TryGet(w, out _)).ToList();
        if (unknown.Count > 0 || asked.Count == 0)
            throw new ConfigException($"--weightings: unknown weighting(s) {string.Join(", ", unknown.DefaultIfEmpty("(none given)"))} (known: {string.Join(", ", Weighting.LossWeightings.Names)})");
        return asked;
    }

    /// <summary>
    /// The comparison's cells: each method once with the config's weighting (no <paramref name="weightings"/>), or each
    /// method × weighting. A cell with the config's own weighting keeps the method's folder name (finished runs are
    /// reused); another weighting's cell is "&lt;method&gt;+&lt;weighting&gt;". Single-task runs once: with one task there is nothing to weigh.
    /// </summary>
    public IReadOnlyList<(string Label, string Method, string? Weighting)> Cells(IReadOnlyList<string> methods, IReadOnlyList<string>? weightings)
    {
        string own = config.Weighting?.Name ?? Weighting.WeightingOptions.DefaultName;
        var cells = new List<(string, string, string?)>();
        foreach (string method in methods)
        {
            if (weightings == null || method == SingleTask)
                cells.Add((method, method, null));
            else
                cells.AddRange(weightings.Select(w => (w == own ? method : $"{method}+{w}", method, w == own ? null : (string?)w)));
        }
        return cells;
    }

    /// <summary>Trains (or reuses) every method (× weighting) for one seed (null: the config's own seed, in the root folder).</summary>
    public ComparisonTable Run(IReadOnlyList<string> methods, int? seed = null, IReadOnlyList<string>? weightings = null)
    {
        Directory.CreateDirectory(SeedRoot(seed));
        DataSplits? data = null;
        var runs = new List<(string Method, RunMetrics Metrics)>();
        foreach (var (method, baseMethod, weighting) in Cells(methods, weightings))
        {
            var methodConfig = ConfigFor(baseMethod, seed, weighting);
            string dir = RunDirectoryOf(method, seed);
            string yaml = ConfigYaml.ToYaml(methodConfig);
            string configPath = RunDirectory.ConfigFileOf(dir);
            if (File.Exists(configPath) && !ConfigYaml.SavedEquals(configPath, methodConfig, MethodRegistry.Get(baseMethod).ReadKeys))
                throw new ConfigException($"{dir} holds a run of a different config (config.yaml differs); delete that folder or pass another --runs-dir");
            string label = seed is int sd ? $"{method} (seed {sd})" : method;
            if (Finished(dir))
            {
                progress.Message($"{label}: finished run reused ({dir})");
            }
            else
            {
                progress.Message($"{label}: training into {dir}");
                data ??= openSplits(methodConfig);
                var run = new RunDirectory(dir);
                run.WriteText(run.ConfigPath, yaml);
                Trainer.Run(new TrainingContext(methodConfig, data, run, progress));
            }
            runs.Add((method, RunMetrics.Load(Path.Combine(dir, "metrics.json"))));
        }
        var single = runs.FirstOrDefault(r => r.Method == SingleTask).Metrics
                     ?? (Finished(RunDirectoryOf(SingleTask, seed)) ? RunMetrics.Load(Path.Combine(RunDirectoryOf(SingleTask, seed), "metrics.json")) : null);
        return ComparisonTable.Build(config, runs, single);
    }

    /// <summary>"0,1,2" → [0, 1, 2]; distinct, in the given order.</summary>
    public static IReadOnlyList<int> ParseSeeds(string spec)
    {
        var seeds = new List<int>();
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int s))
                throw new ConfigException($"--seeds: '{part}' is not an integer (expected e.g. 0,1,2)");
            if (!seeds.Contains(s))
                seeds.Add(s);
        }
        if (seeds.Count == 0)
            throw new ConfigException("--seeds: give at least one seed, e.g. 0,1,2");
        return seeds;
    }

    private const string SingleTask = "single-task";

    /// <summary>The config of one method's run: the shared config with `method` (and the weighting's name) set, adapted by
    /// the method to the finished runs of this comparison (random-policy takes AdaShare's learned execute rate).</summary>
    public ExperimentConfig ConfigFor(string method, int? seed = null, string? weighting = null)
    {
        var c = ConfigLoader.Parse(ConfigYaml.ToYaml(config), $"{config.Name} ({method})");
        c.Method = method;
        if (weighting != null)
            (c.Weighting ??= new WeightingConfig()).Name = weighting; // the config's other weighting settings stay
        if (seed is int s)
            c.Seed = s;
        c.Eval.SingleTaskBaseline = null; // Δ_T is computed by the comparison, against its own single-task run
        string? note = MethodRegistry.Get(method).AdaptToComparison(c, other =>
            Finished(RunDirectoryOf(other, seed)) ? RunMetrics.Load(Path.Combine(RunDirectoryOf(other, seed), "metrics.json")) : null);
        if (note != null)
            progress.Message(note);
        return c;
    }

    /// <summary>A run is reusable when its state says evaluation completed and its metrics exist.</summary>
    public static bool Finished(string dir)
    {
        string state = Path.Combine(dir, "state.json");
        if (!File.Exists(state) || !File.Exists(Path.Combine(dir, "metrics.json")))
            return false;
        var s = System.Text.Json.JsonSerializer.Deserialize<RunState>(File.ReadAllText(state), RunDirectory.Json);
        return s?.Completed(Training.Phases.EvaluationPhase.PhaseName) == true;
    }
}
