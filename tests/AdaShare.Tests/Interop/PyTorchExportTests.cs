using System.Globalization;
using System.Text.RegularExpressions;
using AdaShare.Cli.Commands;
using AdaShare.Data;
using AdaShare.Inference;
using AdaShare.Tests.Fakes;
using static TorchSharp.torch;

namespace AdaShare.Tests.Interop;

[Collection(FinishedRunCollection.Name)]
public sealed class PyTorchExportTests(FinishedRunFixture run) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static int Invoke(params string[] args)
    {
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(ExportCommand.Create());
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Pytorch_rebuilds_the_exported_network_and_gets_the_same_outputs()
    {
        string export = Path.Combine(_dir, "export");
        Assert.Equal(0, Invoke("export", "--run", run.Root, "--format", "pytorch", "--out", export));
        Assert.True(File.Exists(Path.Combine(export, "model.pt")));
        Assert.True(File.Exists(Path.Combine(export, "policy.json")));

        // The same input through our model (eval mode, fixed policy, shared-prefix forward); another size than trained.
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        using (var trained = TrainedRun.Open(run.Root))
        using (var _ = no_grad())
        {
            var generator = new Generator(7);
            using var input = rand(new long[] { 2, 3, 40, 48 }, generator: generator);
            NpyWriter.Write(Path.Combine(data, "input.npy"), input.data<float>().ToArray(), 2, 3, 40, 48);
            var outputs = trained.Model.Forward(input);
            for (int k = 0; k < outputs.Length; k++)
                NpyWriter.Write(Path.Combine(data, trained.Context.Tasks[k].Name + ".npy"), outputs[k].contiguous().data<float>().ToArray(),
                    outputs[k].shape.Select(d => (int)d).ToArray());
        }

        string printed = Python.Run(Python.Script("compare_outputs.py"), export, data);
        double diff = double.Parse(Regex.Match(printed, @"^max_abs_diff (\S+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(diff <= 1e-4, $"PyTorch and AdaShare.NET outputs differ by {diff}");
    }

    [Fact]
    public void Exporting_an_unfinished_run_fails_with_a_clear_error()
    {
        string unfinished = Path.Combine(_dir, "unfinished");
        Directory.CreateDirectory(unfinished);
        File.Copy(Path.Combine(run.Root, "config.yaml"), Path.Combine(unfinished, "config.yaml"));
        Assert.Equal(1, Invoke("export", "--run", unfinished, "--format", "pytorch"));
        Assert.False(Directory.Exists(Path.Combine(unfinished, "export")));
    }
}
