using System.Security.Cryptography;
using TorchSharp;
using TorchSharp.Modules;

namespace AdaShare.Training;

/// <summary>How far a phase got, saved with its checkpoint.</summary>
public sealed class PhaseProgress
{
    public string Phase { get; set; } = "";
    public long Iteration { get; set; }
    public int Alternation { get; set; }
    public bool Done { get; set; }

    /// <summary>SHA-256 (hex) of every other file of the checkpoint, checked on load.</summary>
    public Dictionary<string, string> Sha256 { get; set; } = new();

    /// <summary>The divergence guards' recent losses, so a resumed run judges divergence as an uninterrupted one.</summary>
    public Dictionary<string, List<double>> RecentLosses { get; set; } = new();

    /// <summary>The loss weighting's state (UW's log-variances, GradNorm's weights, DWA's loss history); absent when stateless.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public AdaShare.Weighting.WeightingSnapshot? Weighting { get; set; }
}

/// <summary>
/// A resumable snapshot of a phase: model weights, optional policy logits, optimiser states and progress with the
/// files' checksums. Written to a sibling folder then swapped in; the previous snapshot is kept as "&lt;dir&gt;.prev", so a
/// crash during saving or a damaged file falls back to it.
/// </summary>
public static class Checkpoint
{
    public const string PreviousSuffix = ".prev";
    private const string SavingSuffix = ".saving";

    public static void Save(RunDirectory run, string dir, torch.nn.Module model, torch.nn.Module? policy,
        IReadOnlyDictionary<string, OptimizerHelper> optimizers, PhaseProgress progress)
    {
        if (run.IsWriter)
            Write(run, dir, model, policy, optimizers, progress);
        run.Comm.Barrier(); // data-parallel ranks read this checkpoint later (next phase, resume): wait until it is in place
    }

    private static void Write(RunDirectory run, string dir, torch.nn.Module model, torch.nn.Module? policy,
        IReadOnlyDictionary<string, OptimizerHelper> optimizers, PhaseProgress progress)
    {
        string temp = dir + SavingSuffix;
        try
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, true);
            Directory.CreateDirectory(temp);
            model.save(Path.Combine(temp, "model.pt"));
            policy?.save(Path.Combine(temp, "policy.pt"));
            foreach (var (name, opt) in optimizers)
                opt.save_state_dict(Path.Combine(temp, $"optim-{name}.pt"));
            progress.Sha256 = Directory.GetFiles(temp).Order(StringComparer.Ordinal)
                .ToDictionary(f => Path.GetFileName(f), f => Hash(f));
            run.WriteJson(Path.Combine(temp, "progress.json"), progress);
        }
        catch (IOException e)
        {
            Directory.Delete(temp, true); // keep the disk as it was: the previous checkpoint stays the latest
            throw DiskErrors.Describe(e, temp);
        }

        string previous = dir + PreviousSuffix;
        if (Directory.Exists(dir))
        {
            if (Directory.Exists(previous))
                Directory.Delete(previous, true);
            Directory.Move(dir, previous);
        }
        Directory.Move(temp, dir);
    }

    /// <summary>
    /// Restores the latest good snapshot into the given objects; null when there is none. A damaged latest snapshot
    /// (checksum mismatch, unreadable file) is reported through <paramref name="warn"/>, removed, and the previous one
    /// is used; when no good one is left the error names the file and what is wrong with it.
    /// </summary>
    public static PhaseProgress? TryLoad(RunDirectory run, string dir, torch.nn.Module model, torch.nn.Module? policy,
        IReadOnlyDictionary<string, OptimizerHelper> optimizers, Action<string>? warn = null)
    {
        if (Directory.Exists(dir + SavingSuffix))
            Directory.Delete(dir + SavingSuffix, true); // a save that never finished
        var snapshots = new[] { dir, dir + PreviousSuffix }.Where(Directory.Exists).ToList();
        for (int i = 0; i < snapshots.Count; i++)
        {
            try
            {
                var progress = Verify(run, snapshots[i]);
                LoadModel(model, Path.Combine(snapshots[i], "model.pt"));
                if (policy != null)
                    LoadModel(policy, Path.Combine(snapshots[i], "policy.pt"));
                foreach (var (name, opt) in optimizers)
                    LoadOptimizer(opt, Path.Combine(snapshots[i], $"optim-{name}.pt"));
                return progress;
            }
            catch (InvalidDataException e) when (i + 1 < snapshots.Count)
            {
                // The damaged snapshot goes, so the next save cannot keep it as the "previous" one.
                warn?.Invoke($"{e.Message}; falling back to the previous checkpoint {snapshots[i + 1]}");
                Directory.Delete(snapshots[i], true);
            }
        }
        return null;
    }

    /// <summary>Reads a snapshot's progress and checks every file against its recorded SHA-256; names the bad file.</summary>
    public static PhaseProgress Verify(RunDirectory run, string dir)
    {
        string progressPath = Path.Combine(dir, "progress.json");
        var progress = run.ReadJson<PhaseProgress>(progressPath)
                       ?? throw new InvalidDataException($"checkpoint {dir}: progress.json is missing");
        foreach (var (name, expected) in progress.Sha256)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path))
                throw new InvalidDataException($"checkpoint file missing: {path}");
            if (!string.Equals(Hash(path), expected, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"checkpoint file {path} is damaged (SHA-256 differs from the one recorded in progress.json; truncated or overwritten?)");
        }
        return progress;
    }

    /// <summary>Whether a phase's checkpoint is a finished, intact snapshot (the input check before re-running a later phase).</summary>
    public static void VerifyDone(RunDirectory run, string dir)
    {
        var progress = Verify(run, dir);
        if (!progress.Done)
            throw new InvalidDataException($"checkpoint {dir} is not finished (progress.json: iteration {progress.Iteration}); resume the run first");
    }

    public static void LoadModel(torch.nn.Module module, string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"checkpoint file missing: {path}");
        try
        {
            module.load(path);
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($"checkpoint {path} does not fit this model (was the config changed?): {e.Message}", e);
        }
    }

    private static void LoadOptimizer(OptimizerHelper optimizer, string path)
    {
        if (!File.Exists(path))
            return;
        try
        {
            optimizer.load_state_dict(path);
        }
        catch (Exception e)
        {
            throw new InvalidDataException($"checkpoint file {path} cannot be read as an optimiser state: {e.Message}", e);
        }
    }

    /// <summary>Saves the initial weights with a checksum file beside them (initial.pt.sha256).</summary>
    public static void SaveInitial(torch.nn.Module model, string path)
    {
        string temp = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            model.save(temp);
            File.WriteAllText(path + ".sha256", Hash(temp) + "\n");
        }
        catch (IOException e)
        {
            File.Delete(temp);
            throw DiskErrors.Describe(e, path);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Loads the initial weights after checking them against initial.pt.sha256 (when present).</summary>
    public static void LoadInitial(torch.nn.Module model, string path)
    {
        string sumPath = path + ".sha256";
        if (File.Exists(sumPath) && !string.Equals(Hash(path), File.ReadAllText(sumPath).Trim(), StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"checkpoint file {path} is damaged (SHA-256 differs from {Path.GetFileName(sumPath)}); the run's initial weights are lost, start a new run");
        LoadModel(model, path);
    }

    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
