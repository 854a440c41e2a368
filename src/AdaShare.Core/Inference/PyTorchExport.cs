using System.Text.Json;
using System.Text.Json.Serialization;
using AdaShare.Model;
using TorchSharp.PyBridge;

namespace AdaShare.Inference;

/// <summary>
/// Writes a finished run's selected model for PyTorch: model.pt (a state_dict pickled as torch.save writes it, via
/// TorchSharp.PyBridge; key names in docs/pytorch-interop.md), policy.json (the fixed select-or-skip policy) and
/// model.json (the architecture: trunk shape, heads, tasks, input size), which interop/pytorch/adashare_model.py
/// turns back into the same network.
/// </summary>
public static class PyTorchExport
{
    public const string StateDictFile = "model.pt";
    public const string PolicyFile = "policy.json";
    public const string ArchitectureFile = "model.json";

    public static IReadOnlyList<string> Write(TrainedRun run, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string weights = Path.Combine(outDir, StateDictFile);
        run.Net.save_py(weights);
        string policy = Path.Combine(outDir, PolicyFile);
        File.WriteAllText(policy, run.Policy.ToJson());
        string architecture = Path.Combine(outDir, ArchitectureFile);
        File.WriteAllText(architecture, JsonSerializer.Serialize(Describe(run), Options));
        return new[] { weights, policy, architecture };
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ExportedArchitecture Describe(TrainedRun run)
    {
        var spec = run.Net.backbone.Spec;
        var m = run.Config.Model;
        return new ExportedArchitecture(
            "adashare-pytorch/1",
            new ExportedBackbone(m.Backbone, spec.BlocksPerStage, spec.Channels, spec.Strides, spec.Dilations, spec.StemChannels),
            run.Context.Tasks.Select(t => new ExportedHead(t.Name, t.Kind.Name, t.Kind.IsDense ? "aspp" : "classifier", t.OutputChannels,
                t.Kind.IsDense ? m.HeadChannels : null, t.Kind.IsDense ? m.AsppDilations : null)).ToList(),
            new ExportedInput(run.Config.Data.Height, run.Config.Data.Width, "RGB, channels first, values in [0, 1], no mean/std normalisation"),
            "dense heads output at stride 8 (upsample bilinearly to the input size); classifier heads output B×C logits",
            StateDictFile, PolicyFile);
    }
}

public sealed record ExportedArchitecture(string Format, ExportedBackbone Backbone, IReadOnlyList<ExportedHead> Heads, ExportedInput Input,
    string Outputs, string StateDict, string Policy);

public sealed record ExportedBackbone(string Name, int[] BlocksPerStage, int[] Channels, int[] Strides, int[] Dilations, int StemChannels);

public sealed record ExportedHead(string Task, string Kind, string Type, int OutChannels, int? HiddenChannels, IReadOnlyList<int>? Dilations);

public sealed record ExportedInput(int Height, int Width, string Convention);
