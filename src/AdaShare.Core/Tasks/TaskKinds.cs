using System.Diagnostics.CodeAnalysis;

namespace AdaShare.Tasks;

/// <summary>The registry of task kinds by name (the config's `kind`); a user adds their own with <see cref="Register"/>.</summary>
public static class TaskKinds
{
    private static readonly Registry<ITaskKind> Kinds = new("task kind", k => k.Name, new ITaskKind[]
    {
        new SegmentationTask(), new DepthTask(), new NormalTask(), new MaskedL1Task("edge"), new MaskedL1Task("keypoint"),
        new ClassificationTask(),
    });

    public static IReadOnlyList<string> Names => Kinds.Names;

    /// <summary>Adds a task kind; its name must be new.</summary>
    public static void Register(ITaskKind kind) => Kinds.Register(kind);

    public static bool TryGet(string name, [NotNullWhen(true)] out ITaskKind? kind) => (kind = Kinds.Find(name)) != null;

    public static ITaskKind Get(string name) =>
        TryGet(name, out var kind) ? kind : throw new UserErrorException($"unknown task kind '{name}' (known: {string.Join(", ", Names)})");
}
