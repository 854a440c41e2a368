using System.CommandLine;
using System.Globalization;
using AdaShare.Inference;
using AdaShare.Native;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>
/// `adashare predict`: runs a finished run's selected model on image files, folders of images or a split of the run's
/// dataset and writes per image a picture (input, ground truth where known, prediction per task) or raw .npy outputs.
/// A file that cannot be read is skipped with a message naming it; the command then exits non-zero at the end.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "finished run directory", Required = true };
        var input = new Option<string[]>("--input") { Description = "image files or folders of images (png, jpg, bmp, gif, webp); repeatable", AllowMultipleArgumentsPerToken = true };
        var split = new Option<string?>("--split") { Description = "predict a split of the run's dataset instead (train, val or test), with its ground truth" };
        var output = new Option<string>("--out") { Description = "output folder", Required = true };
        var format = new Option<string>("--format") { Description = "png: pictures per image; npy: raw float32 outputs per task (C×H×W at the input's resolution)", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("png", "npy");
        var limit = new Option<int?>("--limit") { Description = "with --split: predict only the first N images" };
        var command = new Command("predict", "Run a trained model on images or a dataset split: prediction pictures (segmentation palette, depth colours, normals as RGB) or raw .npy outputs.");
        foreach (var o in new Option[] { run, input, split, output, format, limit })
            command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(run)!, r.GetValue(input) ?? Array.Empty<string>(), r.GetValue(split),
            r.GetValue(output)!, r.GetValue(format) == "npy" ? PredictionFormat.Npy : PredictionFormat.Png, r.GetValue(limit))));
        return command;
    }

    private static int Run(string runDir, string[] inputs, string? split, string outDir, PredictionFormat format, int? limit)
    {
        if (inputs.Length == 0 == (split == null))
            throw new UserErrorException("give either --input PATH... (image files or folders) or --split NAME");
        TorchRuntime.EnsureLoaded();
        using var trained = TrainedRun.Open(runDir);
        var predictor = new Predictor(trained);
        var jobs = split != null ? SplitJobs(trained, split, limit) : ImageJobs(inputs, predictor);
        var failures = new List<string>();
        int written = 0;

        void Each(Action<int> advance)
        {
            for (int i = 0; i < jobs.Count; i++)
            {
                var (label, load) = jobs[i];
                try
                {
                    predictor.Write(load(), outDir, format);
                    written++;
                }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
                {
                    failures.Add(label);
                    // Loader messages already start with the file name.
                    string message = e.Message.StartsWith(label + ": ", StringComparison.Ordinal) ? e.Message[(label.Length + 2)..] : e.Message;
                    AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(label)}: {Markup.Escape(message)}");
                }
                advance(i + 1);
            }
        }

        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"predicting {jobs.Count} image(s) with {Markup.Escape(trained.Candidate.Name)} (trained at {predictor.TrainedHeight}×{predictor.TrainedWidth}) into [blue]{Markup.Escape(outDir)}[/]"));
        if (AnsiConsole.Profile.Capabilities.Interactive && jobs.Count > 1)
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(p =>
                {
                    var task = p.AddTask("predict", maxValue: jobs.Count);
                    Each(done => task.Value = done);
                });
        else
            Each(done =>
            {
                if (done % 50 == 0 && done < jobs.Count)
                    Console.WriteLine($"{done}/{jobs.Count}");
            });

        AnsiConsole.MarkupLine($"wrote {written} prediction(s) ({(format == PredictionFormat.Npy ? "npy" : "png")}) to [blue]{Markup.Escape(outDir)}[/]");
        if (failures.Count > 0)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {failures.Count} of {jobs.Count} input(s) could not be read and were skipped: {Markup.Escape(string.Join(", ", failures))}");
            return 1;
        }
        return 0;
    }

    private static List<(string Label, Func<PredictionInput> Load)> SplitJobs(TrainedRun trained, string split, int? limit)
    {
        var data = split switch
        {
            "train" => trained.Context.Data.Train,
            "val" => trained.Context.Data.Val,
            "test" => trained.Context.Data.Test,
            _ => throw new UserErrorException($"--split: '{split}' is not one of train, val, test"),
        };
        int count = Math.Min(data.Count, limit ?? data.Count);
        return Enumerable.Range(0, count).Select(i => ($"{split} image {i}", (Func<PredictionInput>)(() => Predictor.FromDataset(data, split, i)))).ToList();
    }

    /// <summary>One job per image file; names made unique (two folders may hold the same file name); notes on conversions printed once per kind.</summary>
    private static List<(string Label, Func<PredictionInput> Load)> ImageJobs(string[] inputs, Predictor predictor)
    {
        var files = InputImage.Expand(inputs);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var said = new HashSet<string>(StringComparer.Ordinal);
        var jobs = new List<(string, Func<PredictionInput>)>();
        foreach (string file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            for (int n = 2; !used.Add(name); n++)
                name = $"{Path.GetFileNameWithoutExtension(file)}-{n}";
            string unique = name;
            jobs.Add((file, () =>
            {
                var image = InputImage.Load(file);
                foreach (string note in image.Notes)
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(file)}: {Markup.Escape(note)}[/]");
                if (image.Height != predictor.TrainedHeight || image.Width != predictor.TrainedWidth)
                {
                    string size = $"{image.Height}×{image.Width}";
                    if (said.Add(size))
                        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(file)} is {size} (height×width): resized (bilinear) to the trained {predictor.TrainedHeight}×{predictor.TrainedWidth} for the network; predictions resized back to {size}[/]");
                }
                return Predictor.FromImage(image) with { Name = unique };
            }));
        }
        return jobs;
    }
}
