using System.Runtime.InteropServices;
using TorchSharp;

namespace AdaShare.Native;

/// <summary>What the process can see of TorchSharp and libtorch, and whether the native library loads.</summary>
public sealed record TorchRuntimeReport(
    string Os,
    string DotNet,
    string TorchSharpVersion,
    string? LibTorchVersion,
    int? Threads,
    bool? CudaAvailable,
    bool NativeLoads,
    string? LoadError,
    string? Remedy,
    string? LibTorchSharpPath,
    string? GlibcxxFlags);

public static class TorchRuntime
{
    /// <summary>Loads libtorch (first touch of the torch class) and reports; never throws.</summary>
    public static TorchRuntimeReport Inspect()
    {
        NativeLibraryFix.Apply(typeof(torch).Assembly);
        string tsVersion = typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
        string? libPath = FindLibTorchSharp();
        string? flags = null;
        if (libPath != null)
        {
            try
            {
                ushort? f = ElfVersionNeedPatcher.ReadFlags(libPath, ElfVersionNeedPatcher.LibTorchSharpVersion);
                flags = f == null ? "not needed" : (f.Value & ElfVersionNeedPatcher.VerFlagWeak) != 0 ? "weak (patched)" : "strict (unpatched)";
                if (NativeLibraryFix.PatchedCopy != null)
                    flags += $"; weak in the copy in use: {NativeLibraryFix.PatchedCopy}";
                else if (NativeLibraryFix.Problem != null)
                    flags += $"; a patched copy could not be made: {NativeLibraryFix.Problem}";
            }
            catch (Exception e)
            {
                flags = "unreadable: " + e.Message;
            }
        }

        try
        {
            int threads = torch.get_num_threads();
            bool cuda = torch.cuda.is_available();
            using var probe = torch.ones(2, 2);
            string? libtorch = LibTorchVersionOf();
            return new(RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, tsVersion, libtorch,
                threads, cuda, true, null, null, libPath, flags);
        }
        catch (Exception e)
        {
            string message = Innermost(e).Message;
            return new(RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, tsVersion, null, null, null,
                false, message, RemedyFor(message, flags), libPath, flags);
        }
    }

    /// <summary>Throws a clear, actionable error when libtorch cannot be loaded.</summary>
    public static void EnsureLoaded()
    {
        var report = Inspect();
        if (!report.NativeLoads)
            throw new UserErrorException($"TorchSharp's native library does not load: {report.LoadError}\n{report.Remedy}");
    }

    public static string RemedyFor(string message, string? glibcxxFlags = null) =>
        message.Contains("GLIBCXX_3.4.32", StringComparison.Ordinal) || glibcxxFlags == "strict (unpatched)"
            ? "This libstdc++ lacks GLIBCXX_3.4.32 (Debian 12 ships GCC 12). The build marks that requirement weak in the build-output " +
              "copy of libLibTorchSharp.so; rebuild with `dotnet build` (not a copied binary), or run `adashare doctor` from a fresh build."
            : "Check that the TorchSharp-cpu package restored completely (`dotnet restore`), that the runtimes/<rid>/native folder " +
              "is next to the program, and that the machine is x86-64 Linux, Windows or macOS arm64.";

    /// <summary>TorchSharp exposes the libtorch version it was built against as <c>torch.__version__</c> (a field or a property, by release).</summary>
    private static string? LibTorchVersionOf() =>
        (typeof(torch).GetField("__version__")?.GetValue(null) ?? typeof(torch).GetProperty("__version__")?.GetValue(null)) as string;

    private static string? FindLibTorchSharp()
    {
        string baseDir = AppContext.BaseDirectory;
        foreach (string candidate in new[]
                 {
                     Path.Combine(baseDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
                     Path.Combine(baseDir, "libLibTorchSharp.so"),
                 })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException != null)
            e = e.InnerException;
        return e;
    }
}
