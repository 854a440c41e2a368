using System.CommandLine;
using AdaShare.Native;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>`adashare doctor`: can this machine run AdaShare.NET, and if not, why and what to do.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check the runtime: OS, .NET, TorchSharp/libtorch versions, threads, CUDA, native library load.");
        command.SetAction(_ => Run());
        return command;
    }

    public static int Run()
    {
        var r = TorchRuntime.Inspect();
        var table = new Table().AddColumn("check").AddColumn("value");
        table.AddRow("OS", Markup.Escape(r.Os));
        table.AddRow(".NET", Markup.Escape(r.DotNet));
        table.AddRow("TorchSharp", Markup.Escape(r.TorchSharpVersion));
        table.AddRow("build backend", Markup.Escape(TorchBackend.OfBuild == "cuda"
            ? "cuda (TorchSharp-cuda-linux, -p:TorchBackend=cuda)"
            : $"{TorchBackend.OfBuild} (TorchSharp-cpu; a GPU build: dotnet build -c Release -p:TorchBackend=cuda)"));
        table.AddRow("MPI (data-parallel)", Markup.Escape(AdaShare.Distributed.JobLaunch.DescribeLibrary()));
        table.AddRow("libtorch", Markup.Escape(r.LibTorchVersion ?? "unknown"));
        table.AddRow("threads", r.Threads?.ToString() ?? "-");
        table.AddRow("CUDA usable", r.CudaAvailable == null ? "-" : r.CudaAvailable.Value ? "yes" : "no (CPU build: TorchSharp-cpu)");
        table.AddRow("libLibTorchSharp.so", Markup.Escape(r.LibTorchSharpPath ?? "not next to the program"));
        table.AddRow("GLIBCXX_3.4.32 need", Markup.Escape(r.GlibcxxFlags ?? "-"));
        table.AddRow("native library loads", r.NativeLoads ? "[green]yes[/]" : "[red]no[/]");
        AnsiConsole.Write(table);
        if (!r.NativeLoads)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(r.LoadError ?? "")}");
            AnsiConsole.MarkupLine($"[yellow]remedy:[/] {Markup.Escape(r.Remedy ?? "")}");
            return 1;
        }
        AnsiConsole.MarkupLine("[green]ok[/]: AdaShare.NET can run here.");
        return 0;
    }
}
