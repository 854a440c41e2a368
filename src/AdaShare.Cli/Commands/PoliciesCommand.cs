using System.CommandLine;
using System.Globalization;
using AdaShare.Config;
using AdaShare.Methods.AdaShare;
using AdaShare.Model.Policy;
using AdaShare.Native;
using AdaShare.Training;
using AdaShare.Experiments;
using Spectre.Console;

namespace AdaShare.Cli.Commands;

/// <summary>
/// `adashare policies RUN...`: the learned policy distribution of one or more AdaShare runs (e.g. one per seed) — its
/// decisiveness, its argmax and whether the runs learned the same argmax — read from the policy checkpoints, so a run
/// stopped after policy learning (`train --until policy`) works as well as a finished one.
/// </summary>
public static class PoliciesCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "AdaShare run directories (policy learning finished)", Arity = ArgumentArity.OneOrMore };
        var from = new Option<string>("--from") { Description = "which logits: last (end of policy learning), best (policy.from: best's best validated ones) or both", DefaultValueFactory = _ => "last" };
        from.AcceptOnlyFromAmong("last", "best", "both");
        var probabilities = new Option<bool>("--probabilities") { Description = "also print p(execute) per task and block" };
        var command = new Command("policies", "Decisiveness and argmax of the learned policies of one or more runs (e.g. seeds), and how many runs agree.");
        command.Arguments.Add(runs);
        command.Options.Add(from);
        command.Options.Add(probabilities);
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(runs)!, r.GetValue(from) ?? "last", r.GetValue(probabilities))));
        return command;
    }

    private static int Run(string[] runDirs, string from, bool showProbabilities)
    {
        TorchRuntime.EnsureLoaded();
        var sources = from switch
        {
            "best" => new[] { PolicySource.Best },
            "both" => new[] { PolicySource.Last, PolicySource.Best },
            _ => new[] { PolicySource.Last },
        };
        var loaded = new List<(string Run, ExperimentConfig Config, LearnedDistribution Policy)>();
        foreach (string dir in runDirs)
        {
            var config = ConfigLoader.LoadRun(dir);
            var run = new RunDirectory(dir);
            foreach (var source in sources)
            {
                var policy = LearnedDistribution.Load(run, config, source)
                    ?? throw new UserErrorException(source == PolicySource.Best
                        ? $"{dir}: no best validated logits (the run did not learn its policy with policy.from: best)"
                        : $"{dir}: policy learning has not finished");
                loaded.Add((dir, config, policy));
            }
        }
        var names = loaded[0].Policy.Argmax.TaskNames;
        if (loaded.Any(l => !l.Policy.Argmax.TaskNames.SequenceEqual(names) || l.Policy.Argmax.Blocks != loaded[0].Policy.Argmax.Blocks))
            throw new UserErrorException("the runs learned policies for different tasks or backbones; compare runs of one setting");

        var ci = CultureInfo.InvariantCulture;
        var table = new Table().AddColumn("run").AddColumn("seed").AddColumn("logits")
            .AddColumn(new TableColumn("p ≤ 0.2").RightAligned()).AddColumn(new TableColumn("p ≥ 0.8").RightAligned())
            .AddColumn(new TableColumn("decided").RightAligned()).AddColumn(new TableColumn("entropy (bits)").RightAligned())
            .AddColumn("argmax (" + Markup.Escape(string.Join(" | ", names)) + ", block 0 first)");
        foreach (var source in sources)
        {
            var group = loaded.Where(l => l.Policy.Source == source).ToList();
            var agreement = PolicyAgreement.Of(group.Select(l => l.Policy.Argmax).ToList());
            for (int i = 0; i < group.Count; i++)
            {
                var (dir, config, p) = group[i];
                var d = p.Decisiveness;
                string logits = source == PolicySource.Best ? $"best (alternation {p.Alternation}, {p.ValidationScore:+0.00;-0.00} %)" : "last";
                table.AddRow(Markup.Escape(Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))), config.Seed.ToString(ci), Markup.Escape(logits),
                    d.SkipShare.ToString("P0", ci), d.ExecuteShare.ToString("P0", ci), d.DecisiveShare.ToString("P0", ci), d.MeanEntropyBits.ToString("0.00", ci),
                    Markup.Escape(p.Argmax.Key) + (agreement.Runs > 1 ? $"  [grey](Δ {agreement.DistanceToModal[i]})[/]" : ""));
            }
            if (agreement.Runs > 1)
                AnsiConsole.MarkupLine(string.Create(ci, $"{source.ToString().ToLowerInvariant()} logits: [bold]{agreement.Agreeing} of {agreement.Runs}[/] runs learned the same argmax policy ({Markup.Escape(agreement.Modal.Key)}); Δ = decisions that differ from it"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"decided: share of (task, block) decisions with p(execute) ≤ {PolicyDecisiveness.Low.ToString(ci)} or ≥ {PolicyDecisiveness.High.ToString(ci)}; the entropy is the mean over decisions (1 = a coin flip)");

        if (showProbabilities)
            foreach (var (dir, config, p) in loaded)
            {
                var grid = new Table().Title(Markup.Escape($"{Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}: p(execute), {p.Source.ToString().ToLowerInvariant()} logits")).AddColumn("task");
                int decisionBlocks = p.ExecuteProbabilities.GetLength(1), skip = config.Policy.SkipLayer;
                for (int l = 0; l < decisionBlocks; l++)
                    grid.AddColumn(new TableColumn((l + skip).ToString(ci)).RightAligned());
                for (int k = 0; k < names.Count; k++)
                    grid.AddRow(new[] { Markup.Escape(names[k]) }.Concat(Enumerable.Range(0, decisionBlocks).Select(l => p.ExecuteProbabilities[k, l].ToString("0.00", ci))).ToArray());
                AnsiConsole.Write(grid);
            }
        return 0;
    }
}
