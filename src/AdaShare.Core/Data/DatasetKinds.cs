using AdaShare.Config;
using AdaShare.Data.CityScapes;
using AdaShare.Data.DomainNet;
using AdaShare.Data.Folder;
using AdaShare.Data.NyuV2;
using AdaShare.Data.Scenes;
using AdaShare.Data.Taskonomy;

namespace AdaShare.Data;

/// <summary>
/// One dataset kind: its <c>data.dataset</c> name, a one-line description (CLI help, errors), the input normalisation it
/// uses unless <c>data.normalize</c> says otherwise, how it opens its splits, its own config checks ("key: problem") and,
/// for the CLI's `data` commands that run without an experiment config, what it sets in the default config to open one
/// <c>split</c> (<paramref name="Standalone"/>: e.g. the paper's resolution, or one task per domain found), and whether
/// it reads files under <c>data.root</c> (<paramref name="NeedsRoot"/>; false for generated data).
/// </summary>
public sealed record DatasetKind(string Name, string Description, string DefaultNormalization,
    Func<ExperimentConfig, DataSplits> Open, Action<DataConfig, IList<string>> Validate,
    Action<ExperimentConfig, string>? Standalone = null, bool NeedsRoot = true);

/// <summary>
/// Every dataset kind, in one list used by <see cref="DatasetFactory"/>, the config validator and the CLI; a user adds
/// their own with <see cref="Register"/> before loading a config.
/// </summary>
public static class DatasetKinds
{
    private static readonly Registry<DatasetKind> Kinds = new("dataset kind", k => k.Name,
    [
        new("scenes", "built-in procedural rooms (generated, no files)", "none", Splits(OpenScenes), (_, _) => { }, NeedsRoot: false),
        new("nyuv2", $"NYUv2, official AdaShare layout: root/{NyuV2OfficialDataset.ListFile}, img/seg/normal_mask PNG, depth .npy; 40 classes", "bgr-mean",
            Splits(c => OpenListed(c, NyuV2OfficialDataset.ListFile, NyuV2OfficialDataset.Columns, (l, s, e) => new NyuV2OfficialDataset(l, s, e))),
            (d, errors) =>
            {
                if (d.NumClasses is int n && n != NyuV2OfficialDataset.ClassCount) errors.Add($"data.num_classes: nyuv2 has {NyuV2OfficialDataset.ClassCount} classes, not {n}");
            }),
        new("cityscapes", $"CityScapes, official AdaShare layout: root/{CityScapesOfficialDataset.ListFile}, .npy image/depth/label 2/7/19; 19 classes by default", "bgr-mean",
            Splits(c => OpenListed(c, CityScapesOfficialDataset.ListFile, CityScapesOfficialDataset.Columns, (l, s, e) => new CityScapesOfficialDataset(l, s, e, c.Data.NumClasses ?? 19))),
            ValidateCityScapesClasses),
        new("nyuv2-npy", "NYUv2, MTAN layout: root/{train,val}/{image,label,depth,normal}/{i}.npy; 13 classes", "none",
            Splits(c => OpenTrainVal(c, (root, split) => new NyuV2NpyDataset(root, split, c.Data.NumClasses ?? 13))), (_, _) => { }),
        new("cityscapes-npy", "CityScapes, MTAN layout: root/{train,val}/{image,label_2,label_7,label_19,depth}/{i}.npy; 7 classes by default", "none",
            Splits(c => OpenTrainVal(c, (root, split) => new CityScapesNpyDataset(root, split, c.Data.NumClasses ?? 7))), ValidateCityScapesClasses),
        new("folder", "your own data: root/{train,val,test}/image/NAME.{png,jpg} + root/{split}/{target}/NAME.{png,npy}, targets declared in data.targets", "none",
            Splits(OpenFolder), ValidateFolder),
        new("taskonomy", "Tiny-Taskonomy as published: root/taskonomy.json, 8/16-bit PNG per task, semseg_prior_factor.npy; 17 classes", "bgr-mean",
            c => TaskonomySplits.Open(Root(c), c.Data.Height, c.Data.Width, c.Data.ValSize, c.Seed, c.Data.Cache), (_, _) => { },
            (c, _) => (c.Data.Height, c.Data.Width) = (256, 256)), // the paper's resolution
        new("domainnet", "DomainNet: root/{domain}_{train,test}.txt (path label), JPEG/PNG; each task a domain, 345 classes", "imagenet",
            // one image per domain in a sample; the tasks name the domains
            c => DomainNetSplits.Open(Root(c), c.Tasks.Select(t => t.Target ?? t.Name).Distinct().ToArray(), c.Data.Height, c.Data.ValSize, c.Seed, c.Data.Cache),
            (d, errors) => { if (d.Height != d.Width) errors.Add("data.width: domainnet images are square: set height = width (224 in the paper)"); },
            DomainNetStandalone),
    ]);

    public static IReadOnlyList<DatasetKind> All => Kinds.All;

    public static IReadOnlyList<string> Names => Kinds.Names;

    /// <summary>Adds a dataset kind; its name must be new.</summary>
    public static void Register(DatasetKind kind) => Kinds.Register(kind);

    public static DatasetKind? Find(string name) => Kinds.Find(name);

    public static DatasetKind Get(string name) =>
        Find(name) ?? throw new ConfigException($"data.dataset: '{name}' is not one of {string.Join(", ", Names)}");

    private static Func<ExperimentConfig, DataSplits> Splits(Func<ExperimentConfig, OpenedSplits> open) =>
        c => DatasetFactory.Complete(c, open(c));

    /// <summary>Every domain with a list for the split is a task, at the paper's 224×224.</summary>
    private static void DomainNetStandalone(ExperimentConfig config, string split)
    {
        (config.Data.Height, config.Data.Width) = (224, 224);
        string root = Root(config);
        config.Tasks = DomainNetDataset.AllDomains
            .Where(dn => File.Exists(Path.Combine(root, DomainNetList.FileName(dn, split))))
            .Select(dn => new TaskConfig { Name = dn, Kind = "classification" }).ToList();
        if (config.Tasks.Count == 0)
            throw new InvalidDataException($"{root}: no {DomainNetList.FileName("<domain>", split)} list for any of {string.Join(", ", DomainNetDataset.AllDomains)}");
    }

    private static string Root(ExperimentConfig c) =>
        c.Data.Root ?? throw new ConfigException($"data.root: {c.Data.Dataset} needs the dataset folder");

    private static OpenedSplits OpenScenes(ExperimentConfig config)
    {
        var d = config.Data;
        var options = new ScenesOptions
        {
            Seed = (ulong)d.DataSeed, Height = d.Height, Width = d.Width, TrainSize = d.TrainSize, ValSize = d.ValSize, TestSize = d.TestSize,
        };
        return new OpenedSplits(new ScenesDataset(options, "train"), new ScenesDataset(options, "val"), new ScenesDataset(options, "test"));
    }

    /// <summary>Official layouts: the JSON list's train (less a seeded validation hold-out), train1, train2 and test.</summary>
    private static OpenedSplits OpenListed(ExperimentConfig config, string listFile, IReadOnlyList<string> columns,
        Func<SplitList, string, IReadOnlyList<string[]>, IMultiTaskDataset> open)
    {
        var list = SplitList.Read(Root(config), listFile, columns);
        return ListedSplits.Open(list, (split, entries) => open(list, split, entries), "test", config.Data.ValSize, config.Seed);
    }

    /// <summary>
    /// The MTAN layouts have train and val folders only: val is the test split (as MTAN, LibMTL, CAGrad report),
    /// and model selection uses a seeded hold-out of the train folder (data.val_size, at most half of it) instead.
    /// </summary>
    private static OpenedSplits OpenTrainVal(ExperimentConfig config, Func<string, string, IMultiTaskDataset> open)
    {
        string root = Root(config);
        var full = open(root, "train");
        var test = open(root, "val");
        var (train, val) = HoldOut(full, Math.Min(config.Data.ValSize, full.Count / 2), config.Seed);
        return new OpenedSplits(train, val, test);
    }

    /// <summary>folder: train, val (or a seeded hold-out of train when there is no val folder) and test.</summary>
    private static OpenedSplits OpenFolder(ExperimentConfig config)
    {
        string root = Root(config);
        var targets = config.Data.Targets.Select(FolderTarget.From).ToArray();
        (int, int)? resize = config.Data.Resize is [int h, int w] ? (h, w) : null;
        var full = new FolderDataset(root, "train", targets, resize);
        var test = new FolderDataset(root, "test", targets, resize);
        if (Directory.Exists(Path.Combine(root, "val")))
            return new OpenedSplits(full, new FolderDataset(root, "val", targets, resize), test);
        var (train, val) = HoldOut(full, Math.Min(config.Data.ValSize, full.Count / 2), config.Seed);
        return new OpenedSplits(train, val, test);
    }

    public static (IMultiTaskDataset Train, IMultiTaskDataset Val) HoldOut(IMultiTaskDataset full, int valCount, int seed)
    {
        int[] order = Enumerable.Range(0, full.Count).ToArray();
        new Random(SeedMix.Hash(seed, "holdout", 0)).Shuffle(order);
        return (new DatasetSubset(full, order[valCount..].Order().ToArray(), full.Name + "-train"),
                new DatasetSubset(full, order[..valCount].Order().ToArray(), full.Name + "-holdout"));
    }

    private static void ValidateCityScapesClasses(DataConfig d, IList<string> errors)
    {
        if (d.NumClasses is not (null or 2 or 7 or 19))
            errors.Add($"data.num_classes: {d.Dataset} has labels with 2, 7 and 19 classes: {d.NumClasses} is not 2, 7 or 19");
    }

    private static void ValidateFolder(DataConfig d, IList<string> errors)
    {
        if (d.Targets.Count == 0) errors.Add("data.targets: a folder dataset needs at least one target ({ name, kind, ignore, ... })");
        var names = new HashSet<string>();
        for (int i = 0; i < d.Targets.Count; i++)
        {
            FolderTarget.Validate(d.Targets[i], $"data.targets[{i}]", errors);
            if (!names.Add(d.Targets[i].Name)) errors.Add($"data.targets[{i}].name: '{d.Targets[i].Name}' appears twice");
        }
        if (d.Resize is not null && (d.Resize.Count != 2 || d.Resize.Any(v => v < 16)))
            errors.Add("data.resize: must be [height, width], each at least 16");
    }
}
