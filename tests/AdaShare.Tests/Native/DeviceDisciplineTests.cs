using System.Text.RegularExpressions;

namespace AdaShare.Tests.Native;

/// <summary>
/// A GPU build only works when every tensor lives on the context's device. This scans the library's source for tensor
/// factory calls (zeros, ones, full, rand, randn, empty, arange, tensor, eye, linspace) whose line names no device; the
/// few that are right on the CPU are listed with the reason. A new one fails here: give it `device:` (or `.to(device)`),
/// or list it with its reason.
/// </summary>
public sealed class DeviceDisciplineTests
{
    private static readonly Regex Factory = new(@"(^|[^.\w])(zeros|ones|full|rand|randn|empty|arange|tensor|eye|linspace)\(", RegexOptions.Compiled);

    private static readonly (string File, string Line, string Why)[] OnCpuOnPurpose =
    {
        ("SafeBatchNorm2d.cs", "weight = new Parameter(ones(channels));", "module constructor; the model is moved with .to(device)"),
        ("SafeBatchNorm2d.cs", "bias = new Parameter(zeros(channels));", "module constructor"),
        ("SafeBatchNorm2d.cs", "running_mean = zeros(channels);", "module constructor (buffer)"),
        ("SafeBatchNorm2d.cs", "running_var = ones(channels);", "module constructor (buffer)"),
        ("SafeBatchNorm2d.cs", "num_batches_tracked = tensor(0L);", "module constructor (buffer)"),
        ("PolicyLogits.cs", "logits = new Parameter(full(tasks, totalBlocks - skipLayer, 2, init));", "module constructor; moved with .to(device)"),
        ("CrossStitchUnit.cs", "var init = zeros(tasks, tasks, channels);", "module constructor"),
        ("SluiceUnit.cs", "var init = zeros(n, n);", "module constructor"),
        ("SluiceLayerMix.cs", "beta = new Parameter(full(tasks, stages, 1.0 / stages));", "module constructor; moved with .to(device)"),
        ("Predictor.cs", "var output = tensor(raw, new long[] { 1, task.OutputChannels, h, w });", "host-side: the prediction read back for pictures and .npy"),
        ("NddrLayer.cs", "using var w = zeros(channels, tasks, channels);", "constructor: initial weights copied into the conv"),
        ("StochasticDepthNet.cs", "using var u = rand(net.BlockCount);", "host-side draw, read back as booleans"),
    };

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AdaShare.slnx")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root (AdaShare.slnx) not found above the tests"), "src", "AdaShare.Core");
    }

    [Fact]
    public void EveryTensorFactoryCallNamesADeviceOrIsAListedCpuUse()
    {
        var found = new List<(string File, string Line)>();
        foreach (string path in Directory.EnumerateFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories).Where(p => !p.Contains("/obj/") && !p.Contains("/bin/")))
            foreach (string raw in File.ReadLines(path))
            {
                string line = raw.Trim();
                if (line.StartsWith("//") || line.StartsWith("///") || line.Contains("device", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (Factory.IsMatch(line))
                    found.Add((Path.GetFileName(path), line));
            }
        var unexpected = found.Where(f => !OnCpuOnPurpose.Any(a => a.File == f.File && a.Line == f.Line)).ToList();
        Assert.True(unexpected.Count == 0, "tensors created without a device:\n" + string.Join("\n", unexpected.Select(u => $"{u.File}: {u.Line}")));
        var stale = OnCpuOnPurpose.Where(a => !found.Contains((a.File, a.Line))).ToList();
        Assert.True(stale.Count == 0, "listed CPU uses that no longer exist (remove them):\n" + string.Join("\n", stale.Select(s => $"{s.File}: {s.Line}")));
    }
}
