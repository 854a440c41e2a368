using System.Text.Json;
using System.Text.Json.Nodes;
using AdaShare.Distributed;

namespace AdaShare.Training;

/// <summary>
/// The files of one run: config copy, checkpoints, policies, metrics, report and pictures. Writes go through a
/// temporary file and a rename, so an interrupted run never leaves a half-written file behind.
/// </summary>
public sealed class RunDirectory
{
    public RunDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Checkpoints);
        Directory.CreateDirectory(Policies);
    }

    public string Root { get; }

    /// <summary>The ranks sharing this run (data-parallel training); rank 0 alone writes, the others only read.</summary>
    public ICommunicator Comm { get; init; } = SingleProcess.Instance;
    public bool IsWriter => Comm.Rank == 0;
    public string ConfigPath => Path.Combine(Root, "config.yaml");
    public string StatePath => Path.Combine(Root, "state.json");
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    public string Policies => Path.Combine(Root, "policies");
    public string InitialWeights => Path.Combine(Checkpoints, "initial.pt");
    public string TrainLog => Path.Combine(Root, "train-log.csv");
    public string PolicyJson => Path.Combine(Root, "policy.json");
    public string MetricsJson => Path.Combine(Root, "metrics.json");
    public string ReportMd => Path.Combine(Root, "report.md");

    public string PhaseCheckpoint(string phase) => Path.Combine(Checkpoints, phase);
    public string File(string name) => Path.Combine(Root, name);

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void WriteText(string path, string text)
    {
        if (!IsWriter)
            return;
        string temp = path + ".tmp";
        System.IO.File.WriteAllText(temp, text);
        System.IO.File.Move(temp, path, overwrite: true);
    }

    public void WriteJson<T>(string path, T value) => WriteText(path, JsonSerializer.Serialize(value, Json));

    public T? ReadJson<T>(string path) where T : class =>
        System.IO.File.Exists(path) ? JsonSerializer.Deserialize<T>(System.IO.File.ReadAllText(path), Json) : null;

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
