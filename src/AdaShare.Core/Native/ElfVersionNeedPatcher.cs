// This one file serves two builds:
//  * the AdaShare library (ADASHARE_LIBRARY defined) — used by `adashare doctor` and the tests;
//  * the MSBuild inline task in Directory.Build.targets (RoslynCodeTaskFactory, Type="Class"),
//    which patches the build-output copy of libLibTorchSharp.so after every build and publish.
// Why: TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) for one marker symbol
// that nothing relocates against; Debian 12 ships up to 3.4.30. Marking that version-need entry
// weak (VER_FLG_WEAK) lets the loader accept the library. See docs/torchsharp-debian12.md.
using System;
using System.IO;
using System.Text;
#if !ADASHARE_LIBRARY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace AdaShare.Native
{
    /// <summary>What <see cref="ElfVersionNeedPatcher.MarkWeak"/> did to a file.</summary>
    public enum ElfPatchOutcome
    {
        Patched,
        AlreadyWeak,
        VersionNotNeeded,
    }

    /// <summary>Reads and edits the version-needed entries (.gnu.version_r) of an ELF64 little-endian file.</summary>
    public static class ElfVersionNeedPatcher
    {
        public const string LibTorchSharpVersion = "GLIBCXX_3.4.32";
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Offset of vna_flags of the Elf64_Vernaux named <paramref name="versionName"/>, or -1 if no entry needs it.</summary>
        public static long FindVernauxFlagsOffset(byte[] elf, string versionName)
        {
            if (elf.Length < 64)
                throw new InvalidDataException($"not an ELF file: only {elf.Length} bytes (an ELF64 header needs 64)");
            if (elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file: missing the 0x7F 'ELF' magic");
            if (elf[4] != 2)
                throw new InvalidDataException("unsupported ELF class: only 64-bit (ELFCLASS64) files are handled");
            if (elf[5] != 1)
                throw new InvalidDataException("unsupported ELF data encoding: only little-endian files are handled");

            ulong shoff = ReadU64(elf, 0x28, "e_shoff");
            ushort shentsize = ReadU16(elf, 0x3A, "e_shentsize");
            ushort shnum = ReadU16(elf, 0x3C, "e_shnum");
            if (shentsize < 64)
                throw new InvalidDataException($"corrupt ELF: section header size {shentsize} < 64");

            for (int i = 0; i < shnum; i++)
            {
                long sh = Checked(shoff + (ulong)i * shentsize, elf, 64, $"section header {i}");
                if (ReadU32(elf, sh + 4, "sh_type") != ShtGnuVerneed)
                    continue;
                ulong secOffset = ReadU64(elf, sh + 24, "sh_offset");
                uint strIndex = ReadU32(elf, sh + 40, "sh_link");
                uint count = ReadU32(elf, sh + 44, "sh_info");
                if (strIndex >= shnum)
                    throw new InvalidDataException($"corrupt ELF: .gnu.version_r links to section {strIndex} of {shnum}");
                long strSh = Checked(shoff + (ulong)strIndex * shentsize, elf, 64, "string table header");
                ulong strOffset = ReadU64(elf, strSh + 24, "dynstr sh_offset");

                long verneed = Checked(secOffset, elf, 16, "Elf64_Verneed");
                for (uint n = 0; n < count; n++)
                {
                    ushort auxCount = ReadU16(elf, verneed + 2, "vn_cnt");
                    uint auxOffset = ReadU32(elf, verneed + 8, "vn_aux");
                    uint next = ReadU32(elf, verneed + 12, "vn_next");
                    long aux = Checked((ulong)verneed + auxOffset, elf, 16, "Elf64_Vernaux");
                    for (int a = 0; a < auxCount; a++)
                    {
                        uint nameOffset = ReadU32(elf, aux + 8, "vna_name");
                        if (ReadCString(elf, Checked(strOffset + nameOffset, elf, 1, "version name")) == versionName)
                            return aux + 4;
                        uint auxNext = ReadU32(elf, aux + 12, "vna_next");
                        if (auxNext == 0)
                            break;
                        aux = Checked((ulong)aux + auxNext, elf, 16, "Elf64_Vernaux");
                    }
                    if (next == 0)
                        break;
                    verneed = Checked((ulong)verneed + next, elf, 16, "Elf64_Verneed");
                }
                return -1;
            }
            return -1;
        }

        /// <summary>The vna_flags of the entry that needs <paramref name="versionName"/>, or null when none does.</summary>
        public static ushort? ReadFlags(string path, string versionName)
        {
            byte[] elf = File.ReadAllBytes(path);
            long at = FindVernauxFlagsOffset(elf, versionName);
            return at < 0 ? null : ReadU16(elf, at, "vna_flags");
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on the version-need entry named <paramref name="versionName"/>.
        /// Writes a new file and renames it over the old one, so a hard link (e.g. into the NuGet cache) is never modified.
        /// </summary>
        public static ElfPatchOutcome MarkWeak(string path, string versionName)
        {
            byte[] elf = File.ReadAllBytes(path);
            long at = FindVernauxFlagsOffset(elf, versionName);
            if (at < 0)
                return ElfPatchOutcome.VersionNotNeeded;
            ushort flags = ReadU16(elf, at, "vna_flags");
            if ((flags & VerFlagWeak) != 0)
                return ElfPatchOutcome.AlreadyWeak;
            flags |= VerFlagWeak;
            elf[at] = (byte)(flags & 0xff);
            elf[at + 1] = (byte)(flags >> 8);

            string temp = path + ".weak-patch.tmp";
            File.WriteAllBytes(temp, elf);
#if ADASHARE_LIBRARY
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            File.Move(temp, path, overwrite: true);
#else
            // The inline task compiles against netstandard: File.Replace swaps the directory entry (rename), like Move(overwrite).
            File.Replace(temp, path, null);
#endif
            return ElfPatchOutcome.Patched;
        }

        /// <summary>
        /// True when a system libstdc++ that provides <paramref name="versionName"/> is found. False when the
        /// libstdc++ found lacks it, or when none is found at the usual places (patching is harmless then).
        /// </summary>
        public static bool HostLibStdCxxProvides(string versionName)
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            };
            byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
            foreach (string candidate in candidates)
            {
                if (!File.Exists(candidate))
                    continue;
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
            return false;
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j])
                    j++;
                if (j == needle.Length)
                    return i;
            }
            return -1;
        }

        private static long Checked(ulong offset, byte[] elf, int size, string what)
        {
            if (offset > (ulong)elf.Length || (ulong)elf.Length - offset < (ulong)size)
                throw new InvalidDataException($"truncated ELF: {what} at offset {offset} lies past the end of the {elf.Length}-byte file");
            return (long)offset;
        }

        private static ushort ReadU16(byte[] b, long at, string what)
        {
            Checked((ulong)at, b, 2, what);
            return (ushort)(b[at] | b[at + 1] << 8);
        }

        private static uint ReadU32(byte[] b, long at, string what)
        {
            Checked((ulong)at, b, 4, what);
            return (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        }

        private static ulong ReadU64(byte[] b, long at, string what)
        {
            Checked((ulong)at, b, 8, what);
            return ReadU32(b, at, what) | (ulong)ReadU32(b, at + 4, what) << 32;
        }

        private static string ReadCString(byte[] b, long at)
        {
            long end = at;
            while (end < b.Length && b[end] != 0)
                end++;
            if (end == b.Length)
                throw new InvalidDataException($"truncated ELF: string at offset {at} has no terminator");
            return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
        }
    }

#if !ADASHARE_LIBRARY
    /// <summary>MSBuild task: marks GLIBCXX_3.4.32 weak in each given libLibTorchSharp.so when the host libstdc++ lacks it.</summary>
    public class PatchLibTorchSharp : Task
    {
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux))
                return true;
            if (ElfVersionNeedPatcher.HostLibStdCxxProvides(ElfVersionNeedPatcher.LibTorchSharpVersion))
            {
                Log.LogMessage(MessageImportance.Low, "host libstdc++ provides GLIBCXX_3.4.32: libLibTorchSharp.so left as is");
                return true;
            }
            foreach (ITaskItem item in Files)
            {
                try
                {
                    ElfPatchOutcome outcome = ElfVersionNeedPatcher.MarkWeak(item.ItemSpec, ElfVersionNeedPatcher.LibTorchSharpVersion);
                    Log.LogMessage(outcome == ElfPatchOutcome.Patched ? MessageImportance.Normal : MessageImportance.Low,
                        $"libLibTorchSharp.so GLIBCXX_3.4.32 -> weak: {outcome} ({item.ItemSpec})");
                }
                catch (Exception e)
                {
                    Log.LogError($"could not patch {item.ItemSpec}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
