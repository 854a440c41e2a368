using System.Globalization;
using System.Text;

namespace AdaShare.Training;

/// <summary>train-log.csv: one row per logged step (phase, step, loss terms, temperature, learning rate).</summary>
public sealed class TrainLog(string path)
{
    public const string Header = "phase,step,name,value";

    /// <summary>Gets every row this log gets (TensorBoard).</summary>
    public ITrainingObserver Observer { get; init; } = NullTrainingObserver.Instance;

    /// <summary>False on data-parallel ranks other than 0: one process writes the log.</summary>
    public bool Enabled { get; init; } = true;

    public void Append(string phase, long step, IReadOnlyDictionary<string, double> values)
    {
        if (!Enabled)
            return;
        var sb = new StringBuilder();
        if (!File.Exists(path))
            sb.AppendLine(Header);
        foreach (var (name, value) in values)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{phase},{step},{name},{value:R}"));
        try
        {
            File.AppendAllText(path, sb.ToString());
        }
        catch (IOException e)
        {
            throw DiskErrors.Describe(e, path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw DiskErrors.TooLarge(e, path);
        }
        Observer.Scalars(phase, step, values);
    }

    /// <summary>Drops rows of <paramref name="phase"/> at or after <paramref name="fromStep"/> (before a resumed phase logs them again).</summary>
    public void TruncatePhase(string phase, long fromStep)
    {
        if (!Enabled || !File.Exists(path))
            return;
        var kept = File.ReadAllLines(path).Where(line =>
        {
            var parts = line.Split(',');
            return parts.Length < 2 || parts[0] != phase || !long.TryParse(parts[1], out long s) || s < fromStep;
        });
        string temp = path + ".tmp";
        try
        {
            File.WriteAllLines(temp, kept.ToList()); // replaced by a rename: a crash never leaves a half-written log
        }
        catch (IOException e)
        {
            File.Delete(temp);
            throw DiskErrors.Describe(e, path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            File.Delete(temp);
            throw DiskErrors.TooLarge(e, path);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static IReadOnlyList<(string Phase, long Step, string Name, double Value)> Read(string path)
    {
        if (!File.Exists(path))
            return Array.Empty<(string, long, string, double)>();
        return File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .Where(p => p.Length == 4)
            .Select(p => (p[0], long.Parse(p[1], CultureInfo.InvariantCulture), p[2], double.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
