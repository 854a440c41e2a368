using AdaShare.Native;

namespace AdaShare.Tests.Native;

public class ElfVersionNeedPatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The pristine library as NuGet ships it (the cache copy is never patched by the build).</summary>
    private static string PristineLibTorchSharp()
    {
        string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                      ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp 0.107.0 not restored at {path}");
        return path;
    }

    [Fact]
    public void NuGetCacheCopyStillNeedsGlibcxx3432Strictly()
    {
        ushort? flags = ElfVersionNeedPatcher.ReadFlags(PristineLibTorchSharp(), ElfVersionNeedPatcher.LibTorchSharpVersion);
        Assert.NotNull(flags);
        Assert.Equal(0, flags!.Value & ElfVersionNeedPatcher.VerFlagWeak);
    }

    [Fact]
    public void PatchFlipsExactlyTheWeakBitOfThatEntry()
    {
        string copy = Path.Combine(_dir, "libLibTorchSharp.so");
        File.Copy(PristineLibTorchSharp(), copy);
        byte[] before = File.ReadAllBytes(copy);

        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.LibTorchSharpVersion));
        byte[] after = File.ReadAllBytes(copy);

        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        long flagsAt = ElfVersionNeedPatcher.FindVernauxFlagsOffset(before, ElfVersionNeedPatcher.LibTorchSharpVersion);
        Assert.Equal(new[] { (int)flagsAt }, changed);
        Assert.Equal(before[flagsAt] | ElfVersionNeedPatcher.VerFlagWeak, after[flagsAt]);
    }

    [Fact]
    public void PatchingTwiceIsANoOp()
    {
        string copy = Path.Combine(_dir, "lib.so");
        File.Copy(PristineLibTorchSharp(), copy);
        ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.LibTorchSharpVersion);
        byte[] once = File.ReadAllBytes(copy);
        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(copy, ElfVersionNeedPatcher.LibTorchSharpVersion));
        Assert.Equal(once, File.ReadAllBytes(copy));
    }

    [Fact]
    public void PatchWritesANewFileSoHardLinksKeepTheOriginal()
    {
        string original = Path.Combine(_dir, "original.so");
        string link = Path.Combine(_dir, "link.so");
        File.Copy(PristineLibTorchSharp(), original);
        Assert.Equal(0, Link(original, link));

        ElfVersionNeedPatcher.MarkWeak(link, ElfVersionNeedPatcher.LibTorchSharpVersion);

        Assert.Equal(0, ElfVersionNeedPatcher.ReadFlags(original, ElfVersionNeedPatcher.LibTorchSharpVersion)!.Value & 2);
        Assert.Equal(2, ElfVersionNeedPatcher.ReadFlags(link, ElfVersionNeedPatcher.LibTorchSharpVersion)!.Value & 2);
    }

    [Fact]
    public void UnneededVersionIsReportedAndFileUntouched()
    {
        string copy = Path.Combine(_dir, "lib.so");
        File.Copy(PristineLibTorchSharp(), copy);
        byte[] before = File.ReadAllBytes(copy);
        Assert.Equal(ElfPatchOutcome.VersionNotNeeded, ElfVersionNeedPatcher.MarkWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void NonElfFileGivesAClearError()
    {
        string path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, new string('x', 200));
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(path, ElfVersionNeedPatcher.LibTorchSharpVersion));
        Assert.Contains("not an ELF file", e.Message);
    }

    [Fact]
    public void TruncatedElfGivesAClearError()
    {
        string path = Path.Combine(_dir, "truncated.so");
        byte[] head = File.ReadAllBytes(PristineLibTorchSharp()).AsSpan(0, 4096).ToArray();
        File.WriteAllBytes(path, head);
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(path, ElfVersionNeedPatcher.LibTorchSharpVersion));
        Assert.Contains("truncated ELF", e.Message);
        Assert.Equal(head, File.ReadAllBytes(path));
    }

    [Fact]
    public void BuildOutputCopyIsPatchedWhenHostLacksTheVersion()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux())
            return;
        ushort flags = ElfVersionNeedPatcher.ReadFlags(output, ElfVersionNeedPatcher.LibTorchSharpVersion)!.Value;
        bool hostHasIt = ElfVersionNeedPatcher.HostLibStdCxxProvides(ElfVersionNeedPatcher.LibTorchSharpVersion);
        Assert.True(hostHasIt || (flags & ElfVersionNeedPatcher.VerFlagWeak) != 0, "the build did not mark GLIBCXX_3.4.32 weak in the output copy");
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true, EntryPoint = "link")]
    private static extern int Link(string oldPath, string newPath);
}
