using System.Runtime.InteropServices;
using System.Text.Json;

namespace AdaShare.Training;

/// <summary>
/// Re-running a finished phase without risking the run: the phase works in a staging copy (.rerun/: hard links of
/// every input file, none of the results it invalidates); only when it succeeded is the copy committed — a journal
/// (.rerun/COMMIT, listing what to retire) is written, the invalidated results are removed and the new ones moved in,
/// state.json last. A failure before the journal leaves the run exactly as it was; a crash after it is finished by
/// <see cref="Recover"/> on the next start.
/// </summary>
public sealed partial class PhaseRerun
{
    public const string StagingName = ".rerun";
    private const string JournalName = "COMMIT";

    private readonly RunDirectory main;
    private readonly IReadOnlyList<string> retired;

    private PhaseRerun(RunDirectory main, RunDirectory staging, IReadOnlyList<string> retired)
    {
        this.main = main;
        Staging = staging;
        this.retired = retired;
    }

    public RunDirectory Staging { get; }

    /// <summary>
    /// Builds the staging copy: every file of the run except the <paramref name="retired"/> paths (relative; a folder
    /// counts with its contents), state.json as given, and train-log.csv without the rows of <paramref name="retiredLogPhases"/>.
    /// </summary>
    public static PhaseRerun Prepare(RunDirectory main, IReadOnlyList<string> retired, RunState stagedState, Func<string, bool> retiredLogPhases)
    {
        string root = Path.Combine(main.Root, StagingName);
        if (Directory.Exists(root))
            Directory.Delete(root, true);
        var staging = new RunDirectory(root) { ShownRoot = main.Root };
        var rerun = new PhaseRerun(main, staging, retired);
        try
        {
            staging.Create();
            foreach (string file in Directory.EnumerateFiles(main.Root, "*", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(main.Root, file);
                if (rel.StartsWith(StagingName, StringComparison.Ordinal) || rel is "state.json" or "train-log.csv" or "run.lock" || IsRetired(rel, retired))
                    continue;
                string target = Path.Combine(root, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                // Checkpoints are only ever replaced by renames, so links are safe; other files may be appended to.
                if (rel.StartsWith("checkpoints" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    LinkOrCopy(file, target);
                else
                    File.Copy(file, target);
            }
            if (File.Exists(main.TrainLog))
                File.WriteAllLines(staging.TrainLog, File.ReadLines(main.TrainLog).Where((line, i) => i == 0 || !retiredLogPhases(line.Split(',')[0])));
            staging.SaveState(stagedState);
        }
        catch
        {
            rerun.Discard();
            throw;
        }
        return rerun;
    }

    /// <summary>Makes the staged results the run's: journal first, then retire, then move in (state.json last).</summary>
    public void Commit()
    {
        string journal = Path.Combine(Staging.Root, JournalName);
        Staging.WriteText(journal, JsonSerializer.Serialize(retired));
        Apply(main, Staging.Root, retired);
    }

    /// <summary>Drops the staging copy; the run directory was never touched.</summary>
    public void Discard()
    {
        if (Directory.Exists(Staging.Root))
            Directory.Delete(Staging.Root, true);
    }

    /// <summary>On start: finishes a re-run that crashed while committing, or drops one that never got there.</summary>
    public static void Recover(RunDirectory main, Action<string> warn)
    {
        string root = Path.Combine(main.Root, StagingName);
        if (!Directory.Exists(root))
            return;
        string journal = Path.Combine(root, JournalName);
        if (File.Exists(journal))
        {
            var retired = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(journal)) ?? new List<string>();
            Apply(main, root, retired);
            warn($"finished committing an interrupted phase re-run ({root})");
        }
        else
            Directory.Delete(root, true);
    }

    private static void Apply(RunDirectory main, string stagingRoot, IReadOnlyList<string> retired)
    {
        foreach (string rel in retired)
        {
            string path = Path.Combine(main.Root, rel);
            if (Directory.Exists(path))
                Directory.Delete(path, true);
            else if (File.Exists(path))
                File.Delete(path);
        }
        string stagedState = Path.Combine(stagingRoot, "state.json");
        foreach (string file in Directory.EnumerateFiles(stagingRoot, "*", SearchOption.AllDirectories).ToList())
        {
            string rel = Path.GetRelativePath(stagingRoot, file);
            if (rel is JournalName || file == stagedState)
                continue;
            string target = Path.Combine(main.Root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file, target, overwrite: true);
        }
        if (File.Exists(stagedState))
            File.Move(stagedState, main.StatePath, overwrite: true);
        Directory.Delete(stagingRoot, true);
    }

    private static bool IsRetired(string rel, IReadOnlyList<string> retired) =>
        retired.Any(r => rel == r || rel.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>A hard link costs no space for large checkpoints; a copy where links are not possible.</summary>
    private static void LinkOrCopy(string source, string target)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                if (Link(source, target) == 0)
                    return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        File.Copy(source, target);
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
