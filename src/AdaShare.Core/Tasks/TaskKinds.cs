using System.Diagnostics.CodeAnalysis;

namespace AdaShare.Tasks;

/// <summary>The registry of task kinds by name (the config's `kind`); a user adds their own with <see cref="Register"/>.</summary>
public static class TaskKinds
{
    private static readonly object Gate = new();

    private static readonly List<ITaskKind> Kinds =
    [
        new SegmentationTask(), new DepthTask(), new NormalTask(), new MaskedL1Task("edge"), new MaskedL1Task("keypoint"),
        new ClassificationTask(),
    ];

    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate)
                return Kinds.Select(k => k.Name).ToList();
        }
    }

    /// <summary>Adds a task kind; its name must be new.</summary>
    public static void Register(ITaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (Gate)
        {
            if (Kinds.Any(k => k.Name == kind.Name))
                throw new ArgumentException($"a task kind named '{kind.Name}' is already registered");
            Kinds.Add(kind);
        }
    }

    public static bool TryGet(string name, [NotNullWhen(true)] out ITaskKind? kind)
    {
        lock (Gate)
            kind = Kinds.FirstOrDefault(k => k.Name == name);
        return kind != null;
    }

    public static ITaskKind Get(string name) =>
        TryGet(name, out var kind) ? kind : throw new UserErrorException($"unknown task kind '{name}' (known: {string.Join(", ", Names)})");
}
