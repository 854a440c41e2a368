using System.Globalization;
using System.Text;
using AdaShare.Config;
using AdaShare.Experiments;
using AdaShare.Methods.AdaShare;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Comparison;

/// <summary>
/// The policies AdaShare learned in each seed of a `compare --seeds` run, for compare.md: per seed the decisiveness of
/// the learned distribution (last logits), its argmax and the re-trained candidate selected, and how many seeds learned
/// the same argmax. A difference in scores means little when the architecture itself changes with the seed.
/// </summary>
public static class SeedPolicies
{
    /// <summary>Null when no seed has an AdaShare cell that finished policy learning.</summary>
    public static string? ToMarkdown(IReadOnlyList<(int Seed, string RunDirectory)> runs)
    {
        var found = new List<(int Seed, LearnedDistribution Policy, string Selected)>();
        foreach (var (seed, dir) in runs)
        {
            if (!File.Exists(RunDirectory.ConfigFileOf(dir)))
                continue; // this seed's AdaShare run was not made
            var config = ConfigLoader.LoadRun(dir);
            var run = new RunDirectory(dir);
            if (LearnedDistribution.Load(run, config, PolicySource.Last) is not { } policy)
                continue;
            var state = run.LoadState();
            string selected = state.SelectedCandidate is int i && i < state.Candidates.Count ? state.Candidates[i].Name : "–";
            found.Add((seed, policy, selected));
        }
        if (found.Count == 0)
            return null;
        var ci = CultureInfo.InvariantCulture;
        var agreement = PolicyAgreement.Of(found.Select(f => f.Policy.Argmax).ToList());
        var sb = new StringBuilder();
        sb.AppendLine("## Learned policies (AdaShare)");
        sb.AppendLine();
        sb.AppendLine(string.Create(ci, $"Argmax of the learned distribution (end of policy learning), block 0 first, tasks {string.Join(" | ", found[0].Policy.Argmax.TaskNames)}: " +
                                        $"**{agreement.Agreeing} of {agreement.Runs}** seeds learned the same one. Decided = share of (task, block) decisions with " +
                                        $"p(execute) ≤ {PolicyDecisiveness.Low} or ≥ {PolicyDecisiveness.High}; Δ = decisions that differ from the most common argmax."));
        sb.AppendLine();
        sb.AppendLine("| seed | decided | p ≤ 0.2 | p ≥ 0.8 | entropy (bits) | argmax | Δ | selected candidate |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---|---:|---|");
        for (int i = 0; i < found.Count; i++)
        {
            var (seed, p, selected) = found[i];
            var d = p.Decisiveness;
            sb.AppendLine(string.Create(ci, $"| {seed} | {d.DecisiveShare:P0} | {d.SkipShare:P0} | {d.ExecuteShare:P0} | {d.MeanEntropyBits:0.00} | `{p.Argmax.Key}` | {agreement.DistanceToModal[i]} | {selected} |"));
        }
        return sb.ToString();
    }
}
