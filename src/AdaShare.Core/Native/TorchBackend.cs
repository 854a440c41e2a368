using System.Reflection;

namespace AdaShare.Native;

/// <summary>The libtorch backend this build references (MSBuild property TorchBackend: cpu or cuda).</summary>
public static class TorchBackend
{
    public static string OfBuild { get; } =
        typeof(TorchBackend).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";
}
