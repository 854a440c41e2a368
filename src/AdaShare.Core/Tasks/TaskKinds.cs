using System.Diagnostics.CodeAnalysis;

namespace AdaShare.Tasks;

/// <summary>The registry of task kinds by name (the config's `kind`).</summary>
public static class TaskKinds
{
    private static readonly Dictionary<string, ITaskKind> Kinds = new ITaskKind[]
    {
        new SegmentationTask(), new DepthTask(), new NormalTask(), new MaskedL1Task("edge"), new MaskedL1Task("keypoint"),
        new ClassificationTask(),
    }.ToDictionary(k => k.Name);

    public static IEnumerable<string> Names => Kinds.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out ITaskKind? kind) => Kinds.TryGetValue(name, out kind);

    public static ITaskKind Get(string name) =>
        TryGet(name, out var kind) ? kind : throw new ArgumentException($"unknown task kind '{name}' (known: {string.Join(", ", Names)})");
}
