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
}

/// <summary>
/// A resumable snapshot of a phase: model weights, optional policy logits, optimiser states and progress. Written to a
/// sibling folder then swapped in, so a crash during saving keeps the previous checkpoint intact.
/// </summary>
public static class Checkpoint
{
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
        string temp = dir + ".saving";
        if (Directory.Exists(temp))
            Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, "model.pt"));
        policy?.save(Path.Combine(temp, "policy.pt"));
        foreach (var (name, opt) in optimizers)
            opt.save_state_dict(Path.Combine(temp, $"optim-{name}.pt"));
        run.WriteJson(Path.Combine(temp, "progress.json"), progress);

        string old = dir + ".old";
        if (Directory.Exists(old))
            Directory.Delete(old, true);
        if (Directory.Exists(dir))
            Directory.Move(dir, old);
        Directory.Move(temp, dir);
        if (Directory.Exists(old))
            Directory.Delete(old, true);
    }

    /// <summary>Restores a snapshot into the given objects; null when there is none.</summary>
    public static PhaseProgress? TryLoad(RunDirectory run, string dir, torch.nn.Module model, torch.nn.Module? policy,
        IReadOnlyDictionary<string, OptimizerHelper> optimizers)
    {
        if (!Directory.Exists(dir) && Directory.Exists(dir + ".old"))
            dir += ".old"; // a crash between the two renames of Save
        string progressPath = Path.Combine(dir, "progress.json");
        if (!File.Exists(progressPath))
            return null;
        var progress = run.ReadJson<PhaseProgress>(progressPath)
                       ?? throw new InvalidDataException($"checkpoint {dir}: progress.json is empty");
        LoadModel(model, Path.Combine(dir, "model.pt"));
        if (policy != null)
            LoadModel(policy, Path.Combine(dir, "policy.pt"));
        foreach (var (name, opt) in optimizers)
        {
            string path = Path.Combine(dir, $"optim-{name}.pt");
            if (File.Exists(path))
                opt.load_state_dict(path);
        }
        return progress;
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
}
