using System.Diagnostics;
using System.Text.Json.Nodes;
using AdaShare.Data;
using Xunit.Abstractions;

namespace AdaShare.Tests.Cli;

/// <summary>
/// Bad inputs a careless or unlucky user gives `adashare train`, through the real CLI process: each must exit non-zero
/// with one line that names the key or file, print no stack trace, and leave the run directory byte-identical.
/// </summary>
[Collection(CliCollection.Name)]
public class CliFailureCatalogueTests(TinyRunFixture fx, ITestOutputHelper output)
{
    /// <summary>One bad input: where to run, the arguments, the folder that must not change, what the message must name.</summary>
    private sealed record Case(string[] Args, string Watched, string[] Expected, string? Shell = null, Action? Cleanup = null, string? Dll = null);

    public static TheoryData<string> Names => new(Catalogue.Keys);

    private static readonly Dictionary<string, Func<TinyRunFixture, string, Case>> Catalogue = new()
    {
        // Config files and overrides (nothing may be created: the run directory must still not exist).
        ["yaml-unclosed-bracket"] = (fx, dir) => Fresh(fx, dir, "name: [unclosed\n", new[] { "bad.yaml", "'[' opened at line 1" }),
        ["yaml-unclosed-flow-mapping"] = (fx, dir) => Fresh(fx, dir, TinyRunFixture.Yaml.Replace("batch_size: 4, warmup", "batch_size: [4, warmup").Replace("log_every: 1 }", "log_every: 1"),
            new[] { "bad.yaml", "opened at line 7" }),
        ["yaml-bad-indentation"] = (fx, dir) => Fresh(fx, dir, "name: x\ntrain:\n  batch_size: 4\n   warmup_iters: 3\n", new[] { "bad.yaml", "line 4", "indentation" }),
        ["value-not-a-number"] = (fx, dir) => Fresh(fx, dir, TinyRunFixture.Yaml.Replace("batch_size: 4,", "batch_size: abc,"), new[] { "bad.yaml", "line 7", "train.batch_size needs a whole number, not 'abc'" }),
        ["negative-learning-rate"] = (fx, dir) => Fresh(fx, dir, TinyRunFixture.Yaml.Replace("lr_step: 100", "lr_step: 100, lr_heads: -0.1"), new[] { "bad.yaml", "train.lr_heads" }),
        ["unknown-key"] = (fx, dir) => Fresh(fx, dir, TinyRunFixture.Yaml.Replace("warmup_iters", "warmup_iterz"), new[] { "bad.yaml", "line 7", "unknown key 'warmup_iterz'" }),
        ["unknown-method"] = (fx, dir) => Fresh(fx, dir, "method: adashar\n" + TinyRunFixture.Yaml, new[] { "bad.yaml", "method: 'adashar'" }),
        ["config-file-missing"] = (fx, dir) => new(new[] { "train", "--config", Path.Combine(dir, "nothere.yaml"), "--run-dir", Path.Combine(dir, "run") }, Path.Combine(dir, "run"), new[] { "nothere.yaml" }),
        ["set-not-a-number"] = (fx, dir) => FreshWith(fx, dir, new[] { "--set", "train.batch_size=abc" }, new[] { "train.batch_size needs a whole number, not 'abc'" }),
        ["set-unknown-key"] = (fx, dir) => FreshWith(fx, dir, new[] { "--set", "train.nope=1" }, new[] { "train.nope" }),
        ["unknown-phase"] = (fx, dir) => FreshWith(fx, dir, new[] { "--phase", "polcy" }, new[] { "--phase", "polcy" }),
        ["cuda-unavailable"] = (fx, dir) => FreshWith(fx, dir, new[] { "--device", "cuda" }, new[] { "device 'cuda'" }),
        ["data-root-missing"] = (fx, dir) => FreshWith(fx, dir, new[] { "--set", "data.dataset=nyuv2-npy", "--set", $"data.root={Path.Combine(dir, "nodata")}" }, new[] { Path.Combine(dir, "nodata") }),
        ["run-dir-holds-another-config"] = (fx, dir) =>
        {
            string run = fx.CopyOfFinishedRun(Path.Combine(dir, "run"));
            return new(new[] { "train", "--config", fx.ConfigPath, "--run-dir", run, "--set", "train.warmup_iters=7" }, run, new[] { run, "different config" });
        },

        // Resuming.
        ["resume-missing-dir"] = (fx, dir) => new(new[] { "train", "--resume", Path.Combine(dir, "gone") }, Path.Combine(dir, "gone"), new[] { Path.Combine(dir, "gone"), "does not exist" }),
        ["resume-not-a-run-dir"] = (fx, dir) =>
        {
            string run = Directory.CreateDirectory(Path.Combine(dir, "empty")).FullName;
            return new(new[] { "train", "--resume", run }, run, new[] { run, "no config.yaml" });
        },
        ["resume-set-refused-key"] = (fx, dir) => Resume(fx, dir, new[] { "--set", "train.batch_size=2" }, new[] { "--set train.batch_size", "cannot change when resuming" }),
        ["resume-seed-refused"] = (fx, dir) => Resume(fx, dir, new[] { "--seed", "4" }, new[] { "--seed" }),
        ["resume-unknown-phase"] = (fx, dir) => Resume(fx, dir, new[] { "--phase", "polcy" }, new[] { "polcy" }),
        ["resume-damaged-config"] = (fx, dir) => Resume(fx, dir, Array.Empty<string>(), new[] { "config.yaml", "'{' opened at line" },
            run => File.AppendAllText(Path.Combine(run, "config.yaml"), "extra: { a: 1\n")),
        ["resume-damaged-state"] = (fx, dir) => Resume(fx, dir, Array.Empty<string>(), new[] { "state.json", "damaged" }, run => CliProcess.Truncate(Path.Combine(run, "state.json"))),
        ["resume-truncated-optimizer-state"] = (fx, dir) => Resume(fx, dir, Array.Empty<string>(), new[] { Path.Combine("checkpoints", "policy", "optim-weights.pt"), "damaged" },
            run => Unfinish(run, "policy", Path.Combine("checkpoints", "policy", "optim-weights.pt"))),
        ["resume-truncated-model"] = (fx, dir) => Resume(fx, dir, Array.Empty<string>(), new[] { Path.Combine("checkpoints", "policy", "model.pt"), "damaged" },
            run => Unfinish(run, "policy", Path.Combine("checkpoints", "policy", "model.pt"))),
        ["resume-locked-by-running-process"] = (fx, dir) => Resume(fx, dir, Array.Empty<string>(), new[] { "in use by another adashare process", $"pid {Environment.ProcessId}", "run.lock" },
            run => File.WriteAllText(Path.Combine(run, "run.lock"), $"{Environment.ProcessId}\n")),

        // Re-running a phase whose inputs are damaged: the later results must survive (defect 1).
        ["rerun-policy-truncated-warmup"] = (fx, dir) => Resume(fx, dir, new[] { "--phase", "policy" }, new[] { Path.Combine("checkpoints", "warmup", "model.pt"), "damaged" },
            run => CliProcess.Truncate(Path.Combine(run, "checkpoints", "warmup", "model.pt"))),
        ["rerun-sample-truncated-policy"] = (fx, dir) => Resume(fx, dir, new[] { "--phase", "sample" }, new[] { Path.Combine("checkpoints", "policy", "policy.pt"), "damaged" },
            run => CliProcess.Truncate(Path.Combine(run, "checkpoints", "policy", "policy.pt"))),
        ["rerun-retrain-damaged-candidate-policy"] = (fx, dir) => Resume(fx, dir, new[] { "--phase", "retrain" }, new[] { Path.Combine("policies", "sample-1.json") },
            run => File.WriteAllText(Path.Combine(run, "policies", "sample-1.json"), "{ not json")),
        ["rerun-eval-truncated-retrained-model"] = (fx, dir) => Resume(fx, dir, new[] { "--phase", "eval" }, new[] { "retrain-", "model.pt", "damaged" },
            run =>
            {
                foreach (string d in Directory.GetDirectories(Path.Combine(run, "checkpoints"), "retrain-*"))
                    CliProcess.Truncate(Path.Combine(d, "model.pt"));
            }),
        ["rerun-eval-label-out-of-range"] = (fx, dir) =>
        {
            // Two bad label files in the test split: the error must name the first in index order, every time (defect 9).
            string data = fx.ExportNpyDataset(Path.Combine(dir, "npy"));
            foreach (int i in new[] { 3, 1 })
                NpyWriter.Write(Path.Combine(data, "val", "label", $"{i}.npy"), Enumerable.Repeat(99f, 32 * 32).ToArray(), 32, 32);
            return Resume(fx, dir, new[] { "--phase", "eval" }, new[] { Path.Combine(data, "val", "label", "1.npy"), "label 99 out of range" },
                run => File.WriteAllText(Path.Combine(run, "config.yaml"), File.ReadAllText(Path.Combine(run, "config.yaml"))
                    .Replace("dataset: scenes", "dataset: nyuv2-npy").Replace("root: \n", $"root: {data}\n").Replace("root:\n", $"root: {data}\n")));
        },

        // The machine: a full disk, a file-size limit, a directory the user may not write.
        ["disk-full"] = (fx, dir) => DiskFull(fx, dir),
        ["file-size-limit-reached"] = (fx, dir) => Resume(fx, dir, Array.Empty<string>(), new[] { "train-log.csv" },
            run =>
            {
                Unfinish(run, "policy", null);
                Directory.Delete(Path.Combine(run, "checkpoints", "policy"), true);
            }) with { Shell = FileSizeLimit },
        ["run-dir-not-writable"] = (fx, dir) => NotWritable(fx, dir),
    };

    private static readonly System.Text.RegularExpressions.Regex ErrorLine = new("^(error|config error|training stopped|unexpected error): ");

    [Theory]
    [MemberData(nameof(Names))]
    public void BadInputFailsCleanlyAndChangesNothing(string name)
    {
        string dir = Directory.CreateDirectory(Path.Combine(fx.Root, "case-" + name)).FullName;
        var c = Catalogue[name](fx, dir);
        CliProcess.Result result;
        SortedDictionary<string, string> before, after;
        try
        {
            before = CliProcess.Snapshot(c.Watched);
            result = CliProcess.Run(dir, c.Args.Append("--plain"), c.Shell, dll: c.Dll);
            after = CliProcess.Snapshot(c.Watched);
        }
        finally
        {
            c.Cleanup?.Invoke();
        }
        output.WriteLine($"{name}: exit {result.ExitCode}: {result.Output.Trim()}");

        // Progress lines may come first (a resumed run prints its header); the failure itself is one last line.
        Assert.NotEqual(0, result.ExitCode);
        var errors = result.Lines.Where(l => ErrorLine.IsMatch(l)).ToList();
        Assert.True(errors.Count == 1 && errors[0] == result.Lines[^1], $"expected one error line at the end, got:\n{result.Output}");
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));
        foreach (string expected in c.Expected)
            Assert.Contains(expected, errors[0]);
        Assert.Equal(before, after);
        if (name == "rerun-eval-label-out-of-range")
            Assert.Equal(errors[0], CliProcess.Run(dir, c.Args.Append("--plain"), c.Shell, dll: c.Dll).Lines[^1]);
    }

    /// <summary>Writes past 1 kB fail with EFBIG (as on a full disk); no W^X double mapping, which needs a larger file.</summary>
    private const string FileSizeLimit = "export DOTNET_EnableWriteXorExecute=0; trap '' XFSZ; ulimit -f 1; exec";

    private static Case Fresh(TinyRunFixture fx, string dir, string yaml, string[] expected)
    {
        string config = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(config, yaml);
        string run = Path.Combine(dir, "run");
        return new(new[] { "train", "--config", config, "--run-dir", run }, run, expected);
    }

    private static Case FreshWith(TinyRunFixture fx, string dir, string[] extra, string[] expected)
    {
        string run = Path.Combine(dir, "run");
        return new(new[] { "train", "--config", fx.ConfigPath, "--run-dir", run }.Concat(extra).ToArray(), run, expected);
    }

    private static Case Resume(TinyRunFixture fx, string dir, string[] extra, string[] expected, Action<string>? damage = null)
    {
        string run = fx.CopyOfFinishedRun(Path.Combine(dir, "run"));
        damage?.Invoke(run);
        return new(new[] { "train", "--resume", run }.Concat(extra).ToArray(), run, expected);
    }

    /// <summary>Turns the finished run back into one interrupted in <paramref name="phase"/> (its checkpoint not done, no
    /// previous snapshot to fall back to), optionally truncating one file of it.</summary>
    private static void Unfinish(string run, string phase, string? truncate)
    {
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "state.json")))!.AsObject();
        var phases = new[] { "warmup", "policy", "sample", "retrain", "eval", "report" };
        state["CompletedPhases"] = new JsonArray(phases.TakeWhile(p => p != phase).Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());
        state["Candidates"] = new JsonArray();
        state["SelectedCandidate"] = null;
        File.WriteAllText(Path.Combine(run, "state.json"), state.ToJsonString());
        string checkpoint = Path.Combine(run, "checkpoints", phase);
        var progress = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpoint, "progress.json")))!.AsObject();
        progress["Done"] = false;
        File.WriteAllText(Path.Combine(checkpoint, "progress.json"), progress.ToJsonString());
        Directory.Delete(checkpoint + ".prev", true);
        if (truncate != null)
            CliProcess.Truncate(Path.Combine(run, truncate));
    }

    /// <summary>A 1 MB tmpfs as the runs folder (root); where mounting is not allowed, a 1 kB file-size limit instead.</summary>
    private static Case DiskFull(TinyRunFixture fx, string dir)
    {
        string mount = Directory.CreateDirectory(Path.Combine(dir, "small-disk")).FullName;
        if (Shell($"mount -t tmpfs -o size=1m tmpfs '{mount}'") == 0)
        {
            string run = Path.Combine(mount, "run");
            return new(new[] { "train", "--config", fx.ConfigPath, "--run-dir", run }, run, new[] { "not enough disk space", run }, Cleanup: () => Shell($"umount '{mount}'"));
        }
        string resumed = fx.CopyOfFinishedRun(Path.Combine(dir, "run"));
        Unfinish(resumed, "retrain", null);
        return new(new[] { "train", "--resume", resumed }, resumed, new[] { "cannot write" }, FileSizeLimit);
    }

    /// <summary>The run directory belongs to someone else: as root, run the CLI as nobody; otherwise make it read-only.</summary>
    private static Case NotWritable(TinyRunFixture fx, string dir)
    {
        string run = fx.CopyOfFinishedRun(Path.Combine(dir, "run"));
        Shell($"chmod -R a+rX '{dir}'");
        var expected = new[] { "cannot write in", run };
        if (Environment.UserName == "root")
        {
            // nobody must reach the CLI, which a checkout in a private folder (`mktemp -d` makes it 0700) does not allow:
            // run a hard-linked copy of the build output from the fixture's world-readable root (no bytes copied; on
            // another file system, where hard links fail, the build output itself)
            string cli = Path.Combine(fx.Root, "cli");
            bool linked = Directory.Exists(cli) || Shell($"cp -al '{AppContext.BaseDirectory}' '{cli}'") == 0;
            return new(new[] { "train", "--resume", run }, run, expected, "export HOME=/tmp DOTNET_CLI_HOME=/tmp; exec setpriv --reuid=65534 --regid=65534 --clear-groups",
                Dll: linked ? Path.Combine(cli, Path.GetFileName(CliProcess.Dll)) : null);
        }
        Shell($"chmod a-w '{run}'");
        return new(new[] { "train", "--resume", run }, run, expected);
    }

    private static int Shell(string command)
    {
        using var p = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { "-c", command + " 2>/dev/null" } })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
