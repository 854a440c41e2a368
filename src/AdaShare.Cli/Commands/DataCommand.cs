using System.CommandLine;
using AdaShare.Data;
using AdaShare.Data.CityScapes;
using AdaShare.Data.NyuV2;
using AdaShare.Data.Scenes;
using AdaShare.Reporting;
using Spectre.Console;

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
        public Option<string> Dataset { get; } = new("--dataset") { Description = "dataset: scenes (built-in procedural rooms), nyuv2-npy, cityscapes-npy, taskonomy or domainnet (these need --root)", DefaultValueFactory = _ => "scenes" };
        public Option<string?> Root { get; } = new("--root") { Description = "root folder of an on-disk dataset (nyuv2-npy, cityscapes-npy)" };
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
                string root = r.GetValue(Root) ?? throw new ArgumentException("--dataset nyuv2-npy needs --root DIR");
                return new NyuV2NpyDataset(root, split, r.GetValue(NumClasses) ?? 13);
            }
            if (kind == "taskonomy")
            {
                string root = r.GetValue(Root) ?? throw new ArgumentException("--dataset taskonomy needs --root DIR");
                return new Data.Taskonomy.TaskonomyDataset(root, split); // at the paper's 256x256; splits as in taskonomy.json
            }
            if (kind == "domainnet")
            {
                string root = r.GetValue(Root) ?? throw new ArgumentException("--dataset domainnet needs --root DIR");
                // the domains whose list for this split is there; evaluation transform (resize to 224×224)
                var domains = Data.DomainNet.DomainNetDataset.AllDomains.Where(d => File.Exists(Path.Combine(root, Data.DomainNet.DomainNetList.FileName(d, split)))).ToArray();
                if (domains.Length == 0) throw new InvalidDataException($"{root}: no {Data.DomainNet.DomainNetList.FileName("<domain>", split)} list for any of {string.Join(", ", Data.DomainNet.DomainNetDataset.AllDomains)}");
                var lists = Data.DomainNet.DomainNetList.ReadAll(root, split, domains, Data.DomainNet.DomainNetDataset.ClassCount);
                return new Data.DomainNet.DomainNetDataset(root, lists, training: false, 224, Data.DomainNet.DomainNetList.ClassNames(lists, Data.DomainNet.DomainNetDataset.ClassCount));
            }
            if (kind == "cityscapes-npy")
            {
                string root = r.GetValue(Root) ?? throw new ArgumentException("--dataset cityscapes-npy needs --root DIR");
                return new CityScapesNpyDataset(root, split, r.GetValue(NumClasses) ?? 7);
            }
            return new ScenesDataset(new ScenesOptions { Seed = r.GetValue(Seed), Height = r.GetValue(Height), Width = r.GetValue(Width) }, split);
        }
    }

    private static Command CreatePreview()
    {
        var d = new DatasetOptions();
        var output = new Option<string>("--out") { Description = "PNG file to write", DefaultValueFactory = _ => "preview.png" };
        var split = new Option<string>("--split") { Description = "split to show", DefaultValueFactory = _ => "train" };
        var count = new Option<int>("--count") { Description = "number of samples (rows)", DefaultValueFactory = _ => 6 };
        var start = new Option<int>("--start") { Description = "index of the first sample", DefaultValueFactory = _ => 0 };
        var scale = new Option<int?>("--scale") { Description = "integer upscaling of the tiles (default: tiles at least 160 px wide)" };
        var command = new Command("preview", "Write a PNG grid: RGB and every target map, one row per sample.");
        d.AddTo(command);
        foreach (var o in new Option[] { output, split, count, start, scale }) command.Options.Add(o);
        command.SetAction(r => Cli.Guard(() =>
        {
            var ds = d.Open(r, r.GetValue(split) ?? "train");
            string path = r.GetValue(output) ?? "preview.png";
            int n = Math.Min(r.GetValue(count), ds.Count - r.GetValue(start));
            if (n <= 0) throw new ArgumentException($"nothing to show: split has {ds.Count} samples, --start {r.GetValue(start)}, --count {r.GetValue(count)}");
            int s = r.GetValue(scale) ?? Math.Clamp((160 + ds.Width - 1) / ds.Width, 1, 8);
            var (grid, headers) = Preview(ds, r.GetValue(start), n);
            grid.SavePng(path, headers, s);
            AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(path)}: {n} samples of {Markup.Escape(ds.Name)}, {ds.Height}x{ds.Width}, columns {Markup.Escape(string.Join(", ", headers))}");
            return 0;
        }));
        return command;
    }

    /// <summary>One grid row per sample: RGB, then each target as a picture (labels, depth, normals, edges, keypoints).</summary>
    public static (ImageGrid Grid, IReadOnlyList<string> Headers) Preview(IMultiTaskDataset ds, int start, int count)
    {
        int h = ds.Height, w = ds.Width;
        var grid = new ImageGrid();
        var samples = new MultiTaskSample[count];
        Parallel.For(0, count, i => samples[i] = ds.Get(start + i));
        // One image column per view (domainnet: one per domain); image-level labels have no picture.
        var maps = ds.Targets.Where(t => samples[0].Targets[t.Name].Length == t.Channels * h * w).ToList();
        var headers = Enumerable.Range(0, ds.Views)
            .Select(v => ds.Views == 1 ? "rgb" : $"rgb ({string.Join(", ", ds.Targets.Where(t => t.View == v).Select(t => t.Name))})").ToList();
        foreach (var t in maps) headers.Add(t.Name == TargetNames.Segmentation ? $"segmentation ({t.ClassNames?.Count ?? 0})" : t.Name);
        foreach (var s in samples)
        {
            var tiles = Enumerable.Range(0, ds.Views).Select(v => (ColorMaps.Image(s.Image.AsSpan(v * 3 * h * w, 3 * h * w).ToArray(), h, w), h, w)).ToList();
            foreach (var t in maps)
            {
                var map = s.Targets[t.Name];
                byte[] rgb = t.Name switch
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
        var legend = ds.Targets.FirstOrDefault(t => t.Name == TargetNames.Segmentation)?.ClassNames;
        if (legend is { Count: > 0 and <= 40 })
        {
            // legend row: a strip of the class colours in class order (names in the segmentation header order)
            grid.AddRow(LegendTiles(legend, h, w));
        }
        return (grid, headers);
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
        var split = new Option<string>("--split") { Description = "split (folder) to check", DefaultValueFactory = _ => "train" };
        var count = new Option<int?>("--count") { Description = "check only the first N samples" };
        var command = new Command("check", "Load every sample of a split, validate shapes and values, print counts and class frequencies.");
        d.AddTo(command);
        command.Options.Add(split);
        command.Options.Add(count);
        command.SetAction(r => Cli.Guard(() =>
        {
            var ds = d.Open(r, r.GetValue(split) ?? "train");
            var report = DatasetChecker.Check(ds, r.GetValue(count));
            var info = new Table().AddColumn("property").AddColumn("value");
            info.AddRow("dataset", Markup.Escape($"{ds.Name} / {r.GetValue(split)}"));
            info.AddRow("samples", $"{report.Samples} of {ds.Count}");
            info.AddRow("size (H x W)", $"{report.Height} x {report.Width}");
            info.AddRow("targets", Markup.Escape(string.Join(", ", ds.Targets.Select(t => $"{t.Name}({t.Channels})"))));
            foreach (var (name, (min, max)) in report.Ranges.OrderBy(kv => kv.Key))
                info.AddRow(Markup.Escape($"range {name}"), $"{min:G4} .. {max:G4}");
            if (report.NonUnitNormals > 0) info.AddRow("[yellow]non-unit normals[/]", report.NonUnitNormals.ToString());
            AnsiConsole.Write(info);
            long total = report.ClassPixels.Sum() + report.IgnorePixels;
            if (report.ClassNames.Count > 0)
            {
                var classes = new Table().AddColumn("class").AddColumn("name").AddColumn(new TableColumn("pixels").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
                for (int c = 0; c < report.ClassNames.Count; c++)
                    classes.AddRow(c.ToString(), Markup.Escape(report.ClassNames[c]), report.ClassPixels[c].ToString(), $"{100.0 * report.ClassPixels[c] / Math.Max(1, total):F2}%");
                classes.AddRow("255", "ignore", report.IgnorePixels.ToString(), $"{100.0 * report.IgnorePixels / Math.Max(1, total):F2}%");
                AnsiConsole.Write(classes);
                var missing = report.ClassNames.Where((_, c) => report.ClassPixels[c] == 0).ToList();
                if (missing.Count > 0) AnsiConsole.MarkupLine($"[yellow]warning:[/] classes never seen: {Markup.Escape(string.Join(", ", missing))}");
            }
            AnsiConsole.MarkupLine($"[green]ok[/]: {report.Samples} samples valid.");
            return 0;
        }));
        return command;
    }
}
