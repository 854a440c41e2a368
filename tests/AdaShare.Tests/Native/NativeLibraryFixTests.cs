using AdaShare.Native;

namespace AdaShare.Tests.Native;

public sealed class NativeLibraryFixTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-nativefix-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_unpatched_library_gets_a_weak_copy_in_the_cache_and_stays_as_it_was()
    {
        string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                      ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string pristine = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string installed = Path.Combine(_dir, "tool", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(installed)!);
        File.Copy(pristine, installed);
        byte[] before = File.ReadAllBytes(installed);

        string cache = Path.Combine(_dir, "cache");
        string copy = NativeLibraryFix.PatchedCopyOf(installed, cache);

        Assert.StartsWith(Path.Combine(cache, "adashare", "native"), copy);
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, ElfVersionNeedPatcher.ReadFlags(copy, ElfVersionNeedPatcher.LibTorchSharpVersion)!.Value & ElfVersionNeedPatcher.VerFlagWeak);
        Assert.Equal(before, File.ReadAllBytes(installed)); // the installed file is never modified
        var written = File.GetLastWriteTimeUtc(copy);
        Assert.Equal(copy, NativeLibraryFix.PatchedCopyOf(installed, cache)); // the second start reuses the copy
        Assert.Equal(written, File.GetLastWriteTimeUtc(copy));
    }
}
