using System.Collections;
using System.Text.RegularExpressions;
using AdaShare.Config;
using AdaShare.Model;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AdaShare.Interop;

/// <summary>
/// Initialises a trunk from a torchvision ResNet state_dict (torch.save of resnet18/34().state_dict()). The key
/// mapping is derived from the trunk's own state_dict and its blocks per stage: the stem keys are the same, and
/// "blocks.{i}.rest" is "layer{s+1}.{b}.rest" for the i-th block, block b of stage s, so any trunk that names its
/// modules as <see cref="DeeplabResNet"/> does maps the same way. torchvision's fc.* is not used. A file of another
/// architecture fails on its first key that is missing, extra or of another shape, naming key and shapes.
/// </summary>
public static partial class ImageNetInit
{
    public const string Prefix = "imagenet:";

    /// <summary>Applies a config's model.init to a fresh network (nothing for "random").</summary>
    public static void Apply(ModelConfig config, DeeplabResNet backbone)
    {
        if (!config.Init.StartsWith(Prefix, StringComparison.Ordinal))
            return;
        string path = config.Init[Prefix.Length..];
        if (!File.Exists(path))
            throw new ConfigException($"model.init: no such file: {path}");
        Load(backbone, path, $"{config.Backbone} at width {config.Width}");
    }

    public static void Load(DeeplabResNet backbone, string path, string description)
    {
        Hashtable file;
        try
        {
            file = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: not a PyTorch state_dict file ({e.Message})", e);
        }
        try
        {
            var mapping = Mapping(backbone);
            var targets = backbone.state_dict();
            // In the trunk's own order (stem, then block by block), so "first" means the earliest layer.
            foreach (var (theirs, ours) in mapping)
            {
                if (file[theirs] is not Tensor from)
                    throw new InvalidDataException($"{path}: no key '{theirs}' {Shape(targets[ours])} (needed for {ours} of the {description} trunk; a state_dict of another architecture?)");
                if (!from.shape.SequenceEqual(targets[ours].shape))
                    throw new InvalidDataException($"{path}: first mismatched key '{theirs}': {Shape(from)} in the file, the {description} trunk needs {Shape(targets[ours])}");
            }
            var extra = file.Keys.Cast<object>().Select(k => k.ToString()!)
                .Where(k => !k.StartsWith("fc.", StringComparison.Ordinal) && !mapping.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (extra != null)
                throw new InvalidDataException($"{path}: key '{extra}' {Shape((Tensor)file[extra]!)} has no place in the {description} trunk (a state_dict of another architecture?)");
            using var _ = no_grad();
            foreach (var (theirs, ours) in mapping)
                targets[ours].copy_((Tensor)file[theirs]!);
        }
        finally
        {
            foreach (var value in file.Values)
                (value as IDisposable)?.Dispose();
        }
    }

    /// <summary>torchvision key → trunk key, for every entry of the trunk's state_dict.</summary>
    public static Dictionary<string, string> Mapping(DeeplabResNet backbone)
    {
        var stageAndIndex = new List<(int Stage, int Index)>();
        for (int s = 0; s < backbone.Spec.BlocksPerStage.Length; s++)
            for (int b = 0; b < backbone.Spec.BlocksPerStage[s]; b++)
                stageAndIndex.Add((s, b));
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string ours in backbone.state_dict().Keys)
        {
            var m = BlockKey().Match(ours);
            string theirs = m.Success
                ? $"layer{stageAndIndex[int.Parse(m.Groups[1].Value)].Stage + 1}.{stageAndIndex[int.Parse(m.Groups[1].Value)].Index}.{m.Groups[2].Value}"
                : ours;
            mapping[theirs] = ours;
        }
        return mapping;
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    [GeneratedRegex(@"^blocks\.(\d+)\.(.+)$")]
    private static partial Regex BlockKey();
}
