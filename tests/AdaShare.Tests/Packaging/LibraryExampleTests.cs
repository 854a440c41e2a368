using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdaShare.Native;
using AdaShare.Tests.Interop;

namespace AdaShare.Tests.Packaging;

/// <summary>
/// The library as a consumer gets it: packs AdaShare.Core (`dotnet pack`), compiles docs/library.md's C# example in a
/// fresh project that references the package and nothing of this repository, and runs it. Proves the example, the
/// package's dependencies and its buildTransitive settings (no background GC, the GLIBCXX fix) together.
/// </summary>
public sealed class LibraryExampleTests
{
    [Fact]
    public void TheDocumentedExampleRunsFromThePackedLibrary()
    {
        string repo = Python.RepoRoot;
        string work = Directory.CreateTempSubdirectory("adashare-package-").FullName;
        try
        {
            // A version of its own, so no package cache can serve an older build of the library.
            string version = $"0.0.0-test{DateTime.UtcNow:yyyyMMddHHmmss}";
            string feed = Path.Combine(work, "feed");
            Dotnet(repo, "pack", "src/AdaShare.Core", "-c", "Release", "--no-restore", "-o", feed, $"-p:Version={version}");

            string consumer = Path.Combine(work, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), ExampleCode(repo));
            // Restore into a folder of the test's own; packages already in the machine's global folder (TorchSharp) are
            // used from there, so nothing large is downloaded again.
            string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                    <RestoreFallbackFolders>{global}</RestoreFallbackFolders>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AdaShare.Core" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            // The consumer lives outside the repository, so none of its Directory.Build.* files reach it.
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="adashare-test-feed" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            Dotnet(consumer, "build", "-c", "Release");

            string output = Path.Combine(consumer, "bin", "Release", "net10.0");
            using (var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "Consumer.runtimeconfig.json"))))
                Assert.False(runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
                    .GetProperty("System.GC.Concurrent").GetBoolean());
            string native = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            ushort? flags = ElfVersionNeedPatcher.ReadFlags(native, ElfVersionNeedPatcher.LibTorchSharpVersion);
            Assert.True(flags is null || (flags & ElfVersionNeedPatcher.VerFlagWeak) != 0, "the consumer's libLibTorchSharp.so still needs GLIBCXX_3.4.32 strictly");

            string printed = Dotnet(consumer, "bin/Release/net10.0/Consumer.dll");
            Assert.Matches(new Regex(@"segmentation mIoU: \d\.\d{3}"), printed);
            Assert.Contains("eval", printed);
            Assert.Contains("retrain", printed);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The first ```csharp block of docs/library.md.</summary>
    private static string ExampleCode(string repo)
    {
        string doc = File.ReadAllText(Path.Combine(repo, "docs", "library.md"));
        var block = Regex.Match(doc, "```csharp\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "docs/library.md has no ```csharp block");
        return block.Groups[1].Value;
    }

    private static string Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild variables would steer the child build into this repository's settings.
        foreach (string inherited in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG" })
            start.Environment.Remove(inherited);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
