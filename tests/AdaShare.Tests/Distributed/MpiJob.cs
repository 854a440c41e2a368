using System.Diagnostics;

namespace AdaShare.Tests.Distributed;

/// <summary>
/// Runs the built `adashare` (next to the tests) alone or under Open MPI's mpirun and captures its output. CI installs
/// openmpi-bin (.ci/run); without it these tests fail and say so.
/// </summary>
public static class MpiJob
{
    public static string Adashare => Path.Combine(AppContext.BaseDirectory, "adashare");

    public static string Mpirun =>
        new[] { "/usr/bin/mpirun", "/usr/local/bin/mpirun" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("mpirun not found: install Open MPI (apt-get install -y openmpi-bin), as .ci/run does");

    /// <summary>A tiny AdaShare experiment on 32×32 scenes that trains in seconds; dropout on, to check its sharding too.</summary>
    public static string WriteTinyConfig(string dir, string extraTrain = "")
    {
        string path = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(path, $$"""
            name: tiny
            seed: 3
            threads: 1
            data: { dataset: scenes, height: 32, width: 32, train_size: 48, val_size: 8, test_size: 8, flip: true }
            model: { backbone: resnet18, width: 0.125, head_channels: 8, aspp_dilations: [1, 2], head_dropout: 0.3, loss_resolution: input }
            policy: { samples: 2, include_argmax: true, curriculum_speed: 1, sparsity_weight: 0.05, sharing_weight: 0.05, tau0: 5 }
            train:
              batch_size: 8
              warmup_iters: 1
              alternations: 1
              weight_iters_per_alternation: 2
              policy_iters_per_alternation: 2
              retrain_iters: 2
              lr_step: 100
              lr_policy: 0.05
              checkpoint_every: 1
              log_every: 1
            {{extraTrain}}
            eval: { batch_size: 8, prediction_images: 1 }
            tasks: [{ name: segmentation }, { name: depth }, { name: normal }]
            """);
        return path;
    }

    public sealed record Result(int ExitCode, string Output);

    /// <summary>`adashare ARGS` on <paramref name="ranks"/> MPI ranks (0 = started alone, no mpirun).</summary>
    public static Result Run(int ranks, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = ranks == 0 ? new ProcessStartInfo(Adashare) : new ProcessStartInfo(Mpirun);
        if (ranks > 0)
        {
            // yield_when_idle: waiting ranks sleep instead of spinning, which matters on a small shared machine.
            foreach (string a in new[] { "--allow-run-as-root", "--oversubscribe", "--mca", "mpi_yield_when_idle", "1", "-np", ranks.ToString(), Adashare })
                psi.ArgumentList.Add(a);
        }
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        if (environment != null)
            foreach (var (k, v) in environment)
                psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"adashare {string.Join(' ', args)} on {ranks} ranks did not finish: {stdout.Result}{stderr.Result}");
        }
        // The terminal library wraps long lines at its width; tests look for phrases, so whitespace is collapsed.
        return new Result(process.ExitCode, System.Text.RegularExpressions.Regex.Replace(stdout.Result + stderr.Result, @"\s+", " "));
    }
}
