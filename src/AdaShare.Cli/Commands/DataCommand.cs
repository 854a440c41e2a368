using System.CommandLine;
using AdaShare.Data;
using AdaShare.Data.CityScapes;
using AdaShare.Data.NyuV2;
using AdaShare.Data.Scenes;
using AdaShare.Reporting;
using Spectre.Console;
using AdaShare.Experiments;

namespace AdaShare.Cli.Commands;

/// <summary>`adashare data preview|export|check`: look at, export and validate datasets.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Datasets: preview samples as a PNG grid, export to the NYUv2 .npy layout, check a dataset.");
        command.Subcommands.Add(CreatePreview());
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    private sealed class DatasetOptions
    {
        public Option<string> Dataset { get; } = new("--dataset") { Description = "dataset kind: " + string.Join("; ", DatasetKinds.All.Select(k => $"{k.Name} = {k.Description}")) + " (on-disk kinds need --root; folder needs --config)", DefaultValueFactory = _ => "scenes" };
        public Option<string?> Root { get; } = new("--root") { Description = "root folder of an on-disk dataset" };
        public Option<ulong> Seed { get; } = new("--seed") { Description = "scenes: dataset seed", DefaultValueFactory = _ => 0UL };
        public Option<int> Height { get; } = new("--height") { Description = "scenes: image height", DefaultValueFactory = _ => 64 };
        public Option<int> Width { get; } = new("--width") { Description = "scenes: image width", DefaultValueFactory = _ => 80 };
        public Option<int?> NumClasses { get; } = new("--num-classes") { Description = "nyuv2-npy: number of classes when there is no classes.json (default 13); cityscapes-npy: 2, 7 or 19, picks label_N (default 7)" };

        public void AddTo(Command c)
        {
            Dataset.AcceptOnlyFromAmong(DatasetFactory.Kinds.ToArray());
            foreach (var o in new Option[] { Dataset, Root, Seed, Height, Width, NumClasses }) c.Options.Add(o);
        }

        public IMultiTaskDataset Open(ParseResult r, string split)
        {
            string kind = r.GetValue(Dataset) ?? "scenes";
            if (kind == "nyuv2-npy")
            {
                string root = r.GetValue(Root) ?? throw new UserErrorException("--dataset nyuv2-npy needs --root DIR");
                return new NyuV2NpyDataset(root, split, r.GetValue(NumClasses) ?? 13);
            }
            if (kind == "cityscapes-npy")
            {
                string root = r.GetValue(Root) ?? throw new UserErrorException("--dataset cityscapes-npy needs --root DIR");
                return new CityScapesNpyDataset(root, split, r.GetValue(NumClasses) ?? 7);
            }
            if (kind == "scenes")
            {
                var options = new ScenesOptions { Seed = r.GetValue(Seed), Height = r.GetValue(Height), Width = r.GetValue(Width) };
                // ScenesOptions' checks guard the library's callers; the user's --height/--width get them as a one-line error
                try { options.Validate(); }
                catch (ArgumentException e) { throw new UserErrorException($"--height/--width: {e.Message}"); }
                return new ScenesDataset(options, split);
            }
            if (kind == "folder")
                throw new UserErrorException("--dataset folder needs its targets declared: use --config FILE (see docs/datasets.md)");
            // the official layouts: open their splits as training would (train less the validation hold-out, val, test)
            var config = new AdaShare.Config.ExperimentConfig();
            config.Data.Dataset = kind;
            config.Data.Root = r.GetValue(Root) ?? throw new UserErrorException($"--dataset {kind} needs --root DIR");
            config.Data.NumClasses = r.GetValue(NumClasses);
            config.Data.Cache = false;
            DatasetKinds.Get(kind).Standalone?.Invoke(config, split);
            return SplitOf(DatasetFactory.OpenSplits(config), split);
        }
    }

    private static Command CreatePreview()
    {
        var d = new DatasetOptions();
        var config = ConfigOption();
        var sets = SetOption();
        var augment = new Option<bool>("--augment") { Description = "with --config: apply the config's training augmentation (scale, crop, flip) as training would (default for the train split)" };
        var noAugment = new Option<bool>("--no-augment") { Description = "with --config: show the samples as stored" };
        var output = new Option<string>("--out") { Description = "PNG file to write", DefaultValueFactory = _ => "preview.png" };
        var split = new Option<string>("--split") { Description = "split to show", DefaultValueFactory = _ => "train" };
        var count = new Option<int>("--count") { Description = "number of samples (rows)", DefaultValueFactory = _ => 6 };
        var start = new Option<int>("--start") { Description = "index of the first sample", DefaultValueFactory = _ => 0 };
        var scale = new Option<int?>("--scale") { Description = "integer upscaling of the tiles (default: tiles at least 160 px wide)" };
        var command = new Command("preview", "Write a PNG grid: RGB and every target map, one row per sample (with --config: after the training augmentation).");
        d.AddTo(command);
        foreach (var o in new Option[] { config, sets, augment, noAugment, output, split, count, start, scale }) command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() =>
        {
            string splitName = r.GetValue(split) ?? "train";
            IMultiTaskDataset ds;
            TrainingAugmentation? augmentation = null;
            InputNormalization? normalization = null;
            int seed = 0;
            if (r.GetValue(config) is { } configPath)
            {
                var c = LoadConfig(configPath, r.GetValue(sets) ?? []);
                ds = SplitOf(DatasetFactory.OpenSplits(c), splitName);
                bool apply = r.GetValue(augment) || (splitName is "train" or "train1" or "train2" && !r.GetValue(noAugment));
                augmentation = apply ? DatasetFactory.Augmentation(c.Data) : null;
                seed = c.Seed;
                normalization = DatasetFactory.Normalization(c.Data);
            }
            else ds = d.Open(r, splitName);
            string path = r.GetValue(output) ?? "preview.png";
            int n = Math.Min(r.GetValue(count), ds.Count - r.GetValue(start));
            if (n <= 0) throw new UserErrorException($"nothing to show: split has {ds.Count} samples, --start {r.GetValue(start)}, --count {r.GetValue(count)}");
            var (grid, headers, h, w) = Preview(ds, r.GetValue(start), n, augmentation, seed, normalization);
            int s = r.GetValue(scale) ?? Math.Clamp((160 + w - 1) / w, 1, 8);
            grid.SavePng(path, headers, s);
            string how = augmentation != null ? $", augmented (scale {augmentation.ScaleMin}-{augmentation.ScaleMax}, crop {h}x{w}, flip {augmentation.Flip})" : "";
            AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(path)}: {n} samples of {Markup.Escape(ds.Name)}, {h}x{w}{Markup.Escape(how)}, columns {Markup.Escape(string.Join(", ", headers))}");
            return 0;
        }));
        return command;
    }

    private static Option<string?> ConfigOption() => new("--config") { Description = "experiment YAML: use its data section (dataset, root, targets, augmentation)" };

    private static Option<string[]> SetOption() => new("--set") { Description = "with --config: override a config value, e.g. --set data.root=DIR (repeatable)" };

    private static AdaShare.Config.ExperimentConfig LoadConfig(string path, string[] sets)
    {
        var c = TrainCommand.Configure(AdaShare.Experiments.ConfigLoader.Load(path), path, null, null, sets);
        c.Data.Cache = false; // a check reads every file once; keeping them all would only cost memory
        return c;
    }

    private static IMultiTaskDataset SplitOf(AdaShare.Data.DataSplits splits, string name) => name switch
    {
        "train" => splits.Train,
        "train1" => splits.Train1,
        "train2" => splits.Train2,
        "val" => splits.Val,
        "test" => splits.Test,
        _ => throw new UserErrorException($"--split: '{name}' is not train, train1, train2, val or test"),
    };

    /// <summary>
    /// One grid row per sample: RGB, then each target as a picture (labels, depth, normals, edges, keypoints), after
    /// <paramref name="augmentation"/> when given (draws seeded by <paramref name="seed"/> and the sample index).
    /// Classification targets show as their class index in the header row only.
    /// </summary>
    public static (ImageGrid Grid, IReadOnlyList<string> Headers, int Height, int Width) Preview(IMultiTaskDataset ds, int start, int count,
        TrainingAugmentation? augmentation = null, int seed = 0, InputNormalization? normalization = null)
    {
        var pad = (normalization ?? InputNormalization.None).ZeroColor();
        var dense = ds.Targets.Where(t => t.MapKind != TargetNames.Label).ToList();
        var (h, w) = augmentation?.OutputSize(ds.Height, ds.Width) ?? (ds.Height, ds.Width);
        var grid = new ImageGrid();
        // one image column per view (domainnet: one per domain, each a task with its own images)
        var headers = Enumerable.Range(0, ds.Views)
            .Select(v => ds.Views == 1 ? "rgb" : $"rgb ({string.Join(", ", ds.Targets.Where(t => t.View == v).Select(t => t.Name))})").ToList();
        foreach (var t in dense) headers.Add(t.MapKind == TargetNames.Segmentation ? $"{t.Name} ({t.ClassNames?.Count ?? 0})" : t.Name);
        var samples = new MultiTaskSample[count];
        Parallel.For(0, count, i =>
        {
            var sample = ds.Get(start + i);
            if (augmentation != null)
            {
                var rng = new Random(SeedMix.Hash(seed, "preview", start + i));
                bool flip = augmentation.Flip && rng.Next(2) == 1;
                sample = augmentation.Apply(sample, ds.Targets, ds.Height, ds.Width, rng, flip, pad);
            }
            samples[i] = sample;
        });
        foreach (var s in samples)
        {
            var tiles = Enumerable.Range(0, ds.Views).Select(v => (ColorMaps.Image(s.Image.AsSpan(v * 3 * h * w, 3 * h * w).ToArray(), h, w), h, w)).ToList();
            foreach (var t in dense)
            {
                var map = s.Targets[t.Name];
                byte[] rgb = t.MapKind switch
                {
                    TargetNames.Segmentation => ColorMaps.Labels(map, h, w, t.ClassNames?.Count ?? 256),
                    TargetNames.Depth => ColorMaps.Scalar(map, h, w, 0f, null, v => v <= 0f, ScalarPalette.Turbo),
                    TargetNames.Normal => ColorMaps.Normals(map, h, w),
                    TargetNames.Edge => ColorMaps.Scalar(map, h, w, 0f, 1f, v => v == TargetNames.IgnoreLabel, ScalarPalette.Gray),
                    TargetNames.Keypoint => ColorMaps.Scalar(map, h, w, 0f, 1f, v => v == TargetNames.IgnoreLabel, ScalarPalette.Viridis),
                    _ => ColorMaps.Scalar(map[..(h * w)], h, w),
                };
                tiles.Add((rgb, h, w));
            }
            grid.AddRow(tiles);
        }
        var legend = ds.Targets.FirstOrDefault(t => t.MapKind == TargetNames.Segmentation)?.ClassNames;
        if (legend is { Count: > 0 and <= 40 })
        {
            // legend row: a strip of the class colours in class order (names in the segmentation header order)
            grid.AddRow(LegendTiles(legend, h, w));
        }
        return (grid, headers, h, w);
    }

    /// <summary>The class legend as tiles: each tile holds stripes of class colours, left to right in class order.</summary>
    private static IEnumerable<(byte[], int, int)> LegendTiles(IReadOnlyList<string> names, int h, int w)
    {
        int band = Math.Max(1, w / names.Count);
        var rgb = new byte[3 * 8 * w];
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < w; x++)
            {
                int c = Math.Min(names.Count - 1, x / band);
                var col = ColorMaps.LabelColor(c);
                int p = 3 * (y * w + x);
                rgb[p] = col.R; rgb[p + 1] = col.G; rgb[p + 2] = col.B;
            }
        yield return (rgb, 8, w);
    }

    private static Command CreateExport()
    {
        var d = new DatasetOptions();
        var format = new Option<string>("--format") { Description = "export format", DefaultValueFactory = _ => "nyuv2-npy" };
        format.AcceptOnlyFromAmong("nyuv2-npy");
        var output = new Option<string>("--out") { Description = "output root folder", Required = true };
        var split = new Option<string>("--split") { Description = "train, val, test or all (all = train → train/, test → val/, the MTAN pair)", DefaultValueFactory = _ => "all" };
        split.AcceptOnlyFromAmong("train", "val", "test", "all");
        var count = new Option<int?>("--count") { Description = "export only the first N samples of each split" };
        var command = new Command("export", "Export a dataset in the NYUv2 MTAN .npy layout: DIR/{train,val}/{image,label,depth,normal,edge,keypoint}/{i}.npy + classes.json.");
        d.AddTo(command);
        foreach (var o in new Option[] { format, output, split, count }) command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() =>
        {
            string root = r.GetValue(output)!;
            string sp = r.GetValue(split) ?? "all";
            var pairs = sp == "all" ? new[] { ("train", "train"), ("test", "val") } : [(sp, sp)];
            foreach (var (from, folder) in pairs)
            {
                var ds = d.Open(r, from);
                int n = NyuV2NpyExporter.Export(ds, root, folder, r.GetValue(count));
                AnsiConsole.MarkupLine($"[green]wrote[/] {n} samples of {Markup.Escape(ds.Name)}/{from} to {Markup.Escape(Path.Combine(root, folder))} ({ds.Height}x{ds.Width})");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateCheck()
    {
        var d = new DatasetOptions();
        var config = ConfigOption();
        var sets = SetOption();
        var split = new Option<string?>("--split") { Description = "split to check (default: train; with --config: every split)" };
        var count = new Option<int?>("--count") { Description = "check only the first N samples of each split" };
        var command = new Command("check", "Load every sample, validate shapes, dtypes and values, print counts, ranges and class frequencies; every invalid file is listed.");
        d.AddTo(command);
        foreach (var o in new Option[] { config, sets, split, count }) command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() =>
        {
            if (r.GetValue(config) is not { } configPath)
                return CheckSplits([(r.GetValue(split) ?? "train", d.Open(r, r.GetValue(split) ?? "train"))], r.GetValue(count), $"{r.GetValue(d.Dataset)}");
            var c = LoadConfig(configPath, r.GetValue(sets) ?? []);
            var splits = DatasetFactory.OpenSplits(c);
            var counts = new Table().AddColumn("split").AddColumn(new TableColumn("samples").RightAligned()).AddColumn("used for");
            counts.AddRow("train", splits.Train.Count.ToString(), "warm-up, re-training");
            counts.AddRow("train1", splits.Train1.Count.ToString(), "weight updates (policy phase)");
            counts.AddRow("train2", splits.Train2.Count.ToString(), "policy updates (policy phase)");
            counts.AddRow("val", splits.Val.Count.ToString(), "model selection");
            counts.AddRow("test", splits.Test.Count.ToString(), "final metrics");
            AnsiConsole.Write(counts);
            var chosen = r.GetValue(split) is { } one ? [(one, SplitOf(splits, one))] : new[] { ("train", splits.Train), ("val", splits.Val), ("test", splits.Test) };
            return CheckSplits(chosen, r.GetValue(count), $"{c.Data.Dataset} ({c.Data.Root})");
        }));
        return command;
    }

    /// <summary>Checks each split, prints its summary and every invalid sample; 1 when any sample is invalid.</summary>
    private static int CheckSplits(IReadOnlyList<(string Name, IMultiTaskDataset Data)> splits, int? count, string what)
    {
        int bad = 0, total = 0;
        bool formatsShown = false;
        foreach (var (name, ds) in splits)
        {
            var report = DatasetChecker.Check(ds, count);
            total += report.Samples;
            bad += report.Errors.Count;
            var info = new Table().AddColumn("property").AddColumn("value");
            info.AddRow("dataset", Markup.Escape($"{what} / {name} ({ds.Name})"));
            info.AddRow("samples", $"{report.Samples} of {ds.Count}" + (report.Errors.Count > 0 ? $", [red]{report.Errors.Count} invalid[/]" : ""));
            info.AddRow("size (H x W)", $"{report.Height} x {report.Width}");
            info.AddRow("targets", Markup.Escape(string.Join(", ", ds.Targets.Select(t => t.Kind != null && t.Kind != t.Name ? $"{t.Name}({t.Kind}, {t.Channels})" : $"{t.Name}({t.Channels})"))));
            if (!formatsShown && FilesOf(ds, 0) is { } files)
            {
                foreach (var (role, path) in files)
                    info.AddRow(Markup.Escape($"file {role}"), Markup.Escape($"{FileFormat.Describe(path)}   e.g. {path}"));
                formatsShown = true;
            }
            foreach (var (target, (min, max)) in report.Ranges.OrderBy(kv => kv.Key))
                info.AddRow(Markup.Escape($"range {target}"), $"{min:G4} .. {max:G4}");
            if (report.NonUnitNormals > 0) info.AddRow("[yellow]non-unit normals[/]", report.NonUnitNormals.ToString());
            AnsiConsole.Write(info);
            long pixels = report.ClassPixels.Sum() + report.IgnorePixels;
            if (report.ClassNames.Count > 0 && pixels > 0)
            {
                var classes = new Table().AddColumn("class").AddColumn("name").AddColumn(new TableColumn("pixels").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
                for (int c = 0; c < report.ClassNames.Count; c++)
                    classes.AddRow(c.ToString(), Markup.Escape(report.ClassNames[c]), report.ClassPixels[c].ToString(), $"{100.0 * report.ClassPixels[c] / pixels:F2}%");
                classes.AddRow("255", "ignore", report.IgnorePixels.ToString(), $"{100.0 * report.IgnorePixels / pixels:F2}%");
                AnsiConsole.Write(classes);
                var missing = report.ClassNames.Where((_, c) => report.ClassPixels[c] == 0).ToList();
                if (missing.Count > 0) AnsiConsole.MarkupLine($"[yellow]warning:[/] {name}: classes never seen: {Markup.Escape(string.Join(", ", missing))}");
            }
            foreach (var e in report.Errors)
                AnsiConsole.MarkupLine($"[red]invalid:[/] {Markup.Escape(e)}");
        }
        if (bad > 0)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {bad} of {total} samples invalid (listed above)");
            return 1;
        }
        AnsiConsole.MarkupLine($"[green]ok[/]: {total} samples valid.");
        return 0;
    }

    /// <summary>The files behind sample <paramref name="index"/>, through subsets and caches, when the dataset is on disk.</summary>
    private static IReadOnlyList<(string What, string Path)>? FilesOf(IMultiTaskDataset ds, int index) => ds switch
    {
        _ when ds.Count <= index => null,
        ISampleFiles files => files.Files(index),
        DatasetSubset sub => FilesOf(sub.Source, sub.Indices[index]),
        _ => null,
    };
}
