using System.Text.Json;
using System.Text.Json.Nodes;
using AdaShare.Distributed;

namespace AdaShare.Training;

/// <summary>
/// The files of one run: config copy, checkpoints, policies, metrics, report and pictures. Writes go through a
/// temporary file and a rename, so an interrupted run never leaves a half-written file behind. Constructing one
/// touches nothing on disk: folders appear with the first write (<see cref="Create"/>), after the inputs are checked.
/// </summary>
public sealed class RunDirectory
{
    public RunDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>Creates the folders of the run (the trainer calls it once its inputs are validated).</summary>
    public void Create()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Checkpoints);
        Directory.CreateDirectory(Policies);
    }

    public string Root { get; }

    /// <summary>The folder users know the run by: <see cref="Root"/>, except for a staging copy (it names the run it stages for).</summary>
    public string ShownRoot { get; init; } = "";

    public string Shown => ShownRoot.Length > 0 ? ShownRoot : Root;

    /// <summary>The ranks sharing this run (data-parallel training); rank 0 alone writes, the others only read.</summary>
    public ICommunicator Comm { get; init; } = SingleProcess.Instance;
    public bool IsWriter => Comm.Rank == 0;
    public string ConfigPath => ConfigFileOf(Root);

    /// <summary>The config a run directory rooted at <paramref name="root"/> keeps, with the root as given (not made absolute).</summary>
    public static string ConfigFileOf(string root) => Path.Combine(root, "config.yaml");
    public string StatePath => Path.Combine(Root, "state.json");
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    public string Policies => Path.Combine(Root, "policies");
    public string InitialWeights => Path.Combine(Checkpoints, "initial.pt");
    public string TrainLog => Path.Combine(Root, "train-log.csv");
    public string PolicyJson => Path.Combine(Root, "policy.json");
    public string MetricsJson => Path.Combine(Root, "metrics.json");
    public string ReportMd => Path.Combine(Root, "report.md");
    public string LockPath => Path.Combine(Root, "run.lock");
    public string RunLog => Path.Combine(Root, "run-log.txt");

    public string PhaseCheckpoint(string phase) => Path.Combine(Checkpoints, phase);
    public string File(string name) => Path.Combine(Root, name);

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void WriteText(string path, string text)
    {
        if (!IsWriter)
            return;
        string temp = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            System.IO.File.WriteAllText(temp, text);
        }
        catch (IOException e)
        {
            System.IO.File.Delete(temp); // e.g. disk full: the old file stays, no half-written temp is left
            throw DiskErrors.Describe(e, path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            System.IO.File.Delete(temp);
            throw DiskErrors.TooLarge(e, path);
        }
        System.IO.File.Move(temp, path, overwrite: true);
    }

    /// <summary>run-log.txt: what happened to the run besides training steps (config changes on resume, checkpoint
    /// fall-backs, divergence warnings, phase re-runs), one UTC-stamped line each.</summary>
    public void AppendRunLog(string line)
    {
        Directory.CreateDirectory(Root);
        System.IO.File.AppendAllText(RunLog, $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)} {line}\n");
    }

    public void WriteJson<T>(string path, T value) => WriteText(path, JsonSerializer.Serialize(value, Json));

    /// <summary>The file's value; null when it does not exist; a damaged file is an error that names it.</summary>
    public T? ReadJson<T>(string path) where T : class
    {
        if (!System.IO.File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(System.IO.File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: the file is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: damaged JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')})", e);
        }
    }

    public RunState LoadState() => ReadJson<RunState>(StatePath) ?? new RunState();
    public void SaveState(RunState state) => WriteJson(StatePath, state);
}

/// <summary>What a run has finished (state.json).</summary>
public sealed class RunState
{
    public List<string> CompletedPhases { get; set; } = new();
    public List<CandidateResult> Candidates { get; set; } = new();
    public int? SelectedCandidate { get; set; }
    public Dictionary<string, double> PhaseSeconds { get; set; } = new();

    public bool Completed(string phase) => CompletedPhases.Contains(phase);
}

/// <summary>A sampled policy that was (or is to be) re-trained, with its validation metrics.</summary>
public sealed class CandidateResult
{
    public string Name { get; set; } = "";
    public string PolicyFile { get; set; } = "";
    public bool Retrained { get; set; }
    public Dictionary<string, List<Metrics.MetricValue>> ValMetrics { get; set; } = new();
    public double? ValScore { get; set; }
    public long Parameters { get; set; }
}
