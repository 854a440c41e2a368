using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AdaShare.Native;

/// <summary>
/// The GLIBCXX_3.4.32 fix at run time, for copies of the program that did not go through this repository's build
/// (an installed `adashare` .NET tool carries TorchSharp's library as NuGet ships it). When the libLibTorchSharp.so
/// next to the program still needs GLIBCXX_3.4.32 strictly and the system's libstdc++ lacks it, a patched copy is
/// written once into the user's cache (~/.cache/adashare/native/&lt;hash of the original&gt;/) and TorchSharp's
/// P/Invokes are pointed at that copy; the installed files are never modified. Must run before the first use of torch.
/// See docs/torchsharp-debian12.md.
/// </summary>
public static class NativeLibraryFix
{
    private const string LibraryName = "LibTorchSharp";

    /// <summary>The patched copy in use, or null when none was needed (or not on Linux).</summary>
    public static string? PatchedCopy { get; private set; }

    /// <summary>Why the fix did not apply although it was needed (reported by doctor).</summary>
    public static string? Problem { get; private set; }

    private static bool applied;

    public static void Apply(Assembly torchSharp)
    {
        if (applied || !OperatingSystem.IsLinux())
            return;
        applied = true;
        try
        {
            // A build output keeps natives under runtimes/<rid>/native; a RID-specific tool package puts them next to the program.
            string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
            string? nativeDir = new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"), AppContext.BaseDirectory }
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "libLibTorchSharp.so")));
            if (nativeDir == null)
                return;
            string original = Path.Combine(nativeDir, "libLibTorchSharp.so");
            ushort? flags = ElfVersionNeedPatcher.ReadFlags(original, ElfVersionNeedPatcher.LibTorchSharpVersion);
            if (flags == null || (flags.Value & ElfVersionNeedPatcher.VerFlagWeak) != 0 || ElfVersionNeedPatcher.HostLibStdCxxProvides(ElfVersionNeedPatcher.LibTorchSharpVersion))
                return;

            string copy = PatchedCopyOf(original, CacheRoot());
            // libLibTorchSharp's own dependencies are found next to the original ($ORIGIN): load them from there first,
            // so the copy in the cache binds to the already loaded libtorch by its soname.
            NativeLibrary.Load(Path.Combine(nativeDir, "libtorch.so"));
            IntPtr handle = NativeLibrary.Load(copy);
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == LibraryName || name == "lib" + LibraryName ? handle : IntPtr.Zero);
            PatchedCopy = copy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DllNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            Problem = e.Message;
        }
    }

    private static string CacheRoot() => Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
        ? xdg
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");

    /// <summary>The cached patched copy of <paramref name="original"/>, written (atomically) when missing.</summary>
    internal static string PatchedCopyOf(string original, string cacheRoot)
    {
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(original)))[..16].ToLowerInvariant();
        string dir = Path.Combine(cacheRoot, "adashare", "native", hash);
        string copy = Path.Combine(dir, "libLibTorchSharp.so");
        if (File.Exists(copy) && ElfVersionNeedPatcher.ReadFlags(copy, ElfVersionNeedPatcher.LibTorchSharpVersion) is { } f && (f & ElfVersionNeedPatcher.VerFlagWeak) != 0)
            return copy;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $"libLibTorchSharp.so.{Environment.ProcessId}.tmp");
        File.Copy(original, temp, overwrite: true);
        ElfVersionNeedPatcher.MarkWeak(temp, ElfVersionNeedPatcher.LibTorchSharpVersion);
        File.Move(temp, copy, overwrite: true);
        return copy;
    }
}
