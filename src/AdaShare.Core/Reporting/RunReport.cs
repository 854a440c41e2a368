using System.Globalization;
using System.Text;
using AdaShare.Config;
using AdaShare.Data;
using AdaShare.Metrics;
using AdaShare.Model.Policy;
using AdaShare.Training;

namespace AdaShare.Reporting;

/// <summary>report.md: what was run, how long each phase took, the policy as a blocks × tasks table, and the test metrics.</summary>
public static class RunReport
{
    public static string Build(ExperimentConfig config, IReadOnlyList<(string Name, string Text)> schedule, RunDirectory run, RunState state, RunMetrics? metrics, TaskPolicy? policy,
        Dictionary<string, List<double>>? probabilities, IReadOnlyList<int>? stageOfBlock, DataSplits? data = null)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# {config.Name} — {config.Method}");
        sb.AppendLine();
        sb.AppendLine($"Run directory `{run.Shown}`; seed {config.Seed}; device {config.Device}.");
        sb.AppendLine();
        sb.AppendLine("## Setup");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        // The data actually opened: an on-disk dataset's sizes are not the config's data.*_size and height/width.
        var d = data != null ? DataSizes.Of(data) : metrics?.Data;
        sb.AppendLine(d != null
            ? $"| data | {config.Data.Dataset}, {d.Height}×{d.Width}, train {d.Train} / val {d.Val} / test {d.Test} |"
            : $"| data | {config.Data.Dataset} (sizes not recorded) |");
        sb.AppendLine($"| tasks | {string.Join(", ", config.Tasks.Select(t => string.Create(ci, $"{t.Name} (λ = {t.Weight:G4})")))} |");
        sb.AppendLine($"| model | {config.Model.Backbone} × {config.Model.Width.ToString(ci)} width, ASPP heads {config.Model.HeadChannels} ch, dilations [{string.Join(", ", config.Model.AsppDilations)}] |");
        foreach (var (name, text) in schedule)
            sb.AppendLine($"| {name} | {text} |");
        sb.AppendLine($"| metrics | {config.Eval.Metrics}, predictions upsampled {config.Eval.Upsample} |");
        sb.AppendLine();

        if (state.PhaseSeconds.Count > 0)
        {
            sb.AppendLine("## Phases");
            sb.AppendLine();
            sb.AppendLine("| phase | seconds |");
            sb.AppendLine("|---|---:|");
            foreach (var (phase, seconds) in state.PhaseSeconds)
                sb.AppendLine(string.Create(ci, $"| {phase} | {seconds:F1} |"));
            sb.AppendLine(string.Create(ci, $"| total | {state.PhaseSeconds.Values.Sum():F1} |"));
            sb.AppendLine();
        }

        if (policy != null)
        {
            sb.AppendLine("## Policy");
            sb.AppendLine();
            sb.AppendLine($"■ = the task executes the block, · = it skips it (the block's shortcut passes through). " +
                          $"{policy.SharedByAll} of {policy.Blocks} blocks are shared by every task, {policy.TaskSpecific} are task-specific, " +
                          $"{policy.Unused} are used by no task.");
            sb.AppendLine();
            sb.Append("| block |");
            if (stageOfBlock != null)
                sb.Append(" stage |");
            foreach (string name in policy.TaskNames)
                sb.Append($" {name} |");
            sb.AppendLine(" sharing |");
            sb.Append("|---:|");
            if (stageOfBlock != null)
                sb.Append("---:|");
            sb.AppendLine(string.Concat(Enumerable.Repeat(":---:|", policy.Tasks)) + "---|");
            for (int l = 0; l < policy.Blocks; l++)
            {
                sb.Append($"| {l} |");
                if (stageOfBlock != null)
                    sb.Append($" {stageOfBlock[l] + 1} |");
                for (int k = 0; k < policy.Tasks; k++)
                {
                    string mark = policy.Executes(k, l) ? "■" : "·";
                    string prob = probabilities != null && probabilities.TryGetValue(policy.TaskNames[k], out var row) ? string.Create(ci, $" {row[l]:F2}") : "";
                    sb.Append($" {mark}{prob} |");
                }
                int n = policy.TasksExecuting(l).Count();
                sb.AppendLine(n == policy.Tasks ? " shared by all |" : n == 0 ? " unused |" : n == 1 ? " task-specific |" : $" shared by {n} |");
            }
            if (probabilities != null)
                sb.AppendLine("\nNumbers are the learned p(execute).");
            if (metrics?.Decisiveness is { } decided)
            {
                sb.AppendLine(string.Create(ci, $"\nDecisiveness at the end of policy learning: {100 * decided.DecisiveShare:F0}% of the {decided.Decisions} (task, block) " +
                    $"decisions are decided ({100 * decided.SkipShare:F0}% with p(execute) ≤ {PolicyDecisiveness.Low}, {100 * decided.ExecuteShare:F0}% ≥ {PolicyDecisiveness.High}); " +
                    $"mean entropy {decided.MeanEntropyBits:F2} bits (1 = coin flip)."));
                if (metrics.SelectedDistanceFromArgmax is int dist)
                    sb.AppendLine($"The selected policy differs from the argmax policy in {dist} decision(s).");
            }
            sb.AppendLine();
        }

        if (state.Candidates.Count > 0)
        {
            sb.AppendLine("## Sampled policies (selected on the validation split)");
            sb.AppendLine();
            sb.AppendLine("| candidate | re-trained | val score (Δ vs candidates' mean, %) | parameters | selected |");
            sb.AppendLine("|---|---|---:|---:|---|");
            for (int i = 0; i < state.Candidates.Count; i++)
            {
                var c = state.Candidates[i];
                sb.AppendLine(string.Create(ci, $"| {c.Name} | {(c.Retrained ? "yes" : "no")} | {c.ValScore:+0.00;-0.00;0.00} | {c.Parameters:N0} | {(state.SelectedCandidate == i ? "✔" : "")} |"));
            }
            sb.AppendLine();
        }

        if (metrics?.Candidates is { Count: > 0 } candidates)
            AppendCandidates(sb, config, metrics, candidates);

        if (metrics != null)
        {
            sb.AppendLine($"## Test metrics ({metrics.MetricsMode})");
            sb.AppendLine();
            sb.AppendLine("| task | metric | value | better |");
            sb.AppendLine("|---|---|---:|---|");
            foreach (var (task, values) in metrics.Tasks)
                foreach (var m in values)
                    sb.AppendLine(string.Create(ci, $"| {task} | {m.Name} | {m.Value:F4} | {(m.HigherIsBetter ? "higher" : "lower")} |"));
            sb.AppendLine();
            if (metrics.DeltaT is double dt)
            {
                sb.AppendLine(string.Create(ci, $"Δ_T against the single-task baseline: **{dt:+0.00;-0.00}%** ({string.Join(", ", metrics.DeltaPerTask!.Select(kv => string.Create(ci, $"{kv.Key} {kv.Value:+0.00;-0.00}%")))}); metric set {metrics.DeltaTMetricSet}."));
                if (metrics.DeltaTMetrics != null)
                    sb.AppendLine($"Metrics entered: {string.Join("; ", metrics.DeltaTMetrics.Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value)}"))}.");
                if (metrics.DeltaTExcluded is { Count: > 0 } left)
                    sb.AppendLine($"Left out (single-task value 0 or missing): {string.Join(", ", left)}.");
                sb.AppendLine();
            }
            var pc = metrics.Parameters;
            sb.AppendLine("## Parameters");
            sb.AppendLine();
            sb.AppendLine("| model | parameters | vs single-task networks |");
            sb.AppendLine("|---|---:|---:|");
            sb.AppendLine(string.Create(ci, $"| this model | {pc.Model:N0} | {100.0 * pc.Model / pc.SingleTaskTotal:F1}% |"));
            sb.AppendLine(string.Create(ci, $"| hard sharing (same trunk, all blocks) | {pc.HardSharing:N0} | {100.0 * pc.HardSharing / pc.SingleTaskTotal:F1}% |"));
            sb.AppendLine(string.Create(ci, $"| {config.Tasks.Count} single-task networks | {pc.SingleTaskTotal:N0} | 100.0% |"));
            sb.AppendLine();
        }

        sb.AppendLine("## Pictures");
        sb.AppendLine();
        foreach (string picture in new[] { "policy.png", "policy-evolution.png", "training-curves.png", "predictions.png" })
            if (File.Exists(run.File(picture)))
                sb.AppendLine($"![{picture}]({picture})");
        return sb.ToString();
    }

    /// <summary>Every re-trained candidate on the test split (Δ_T-set metrics), and mean ± std over the Bernoulli samples.</summary>
    private static void AppendCandidates(StringBuilder sb, ExperimentConfig config, RunMetrics metrics, List<CandidateTestMetrics> candidates)
    {
        var ci = CultureInfo.InvariantCulture;
        var set = DeltaTSettings.MetricSet(config);
        var columns = new List<(string Task, string Metric)>();
        foreach (var t in config.Tasks)
        {
            var reported = candidates[0].Tasks.GetValueOrDefault(t.Name) ?? [];
            var names = set.For(t.Target ?? t.Name, t.Kind ?? t.Name) ?? reported.Select(m => m.Name).ToList();
            foreach (string n in names)
                if (Metrics.DeltaTMetricSet.Resolve(reported, n) is { } v)
                    columns.Add((t.Name, v.Name));
        }
        sb.AppendLine("## Re-trained samples on the test split");
        sb.AppendLine();
        sb.AppendLine("Every re-trained candidate (the paper's protocol re-trains several samples); ✔ = selected on the validation split. " +
                      "The last row is mean ± std over the Bernoulli samples (argmax excluded).");
        sb.AppendLine();
        sb.AppendLine("| candidate | ≠ argmax | " + string.Join(" | ", columns.Select(c => $"{c.Task} {c.Metric}")) + " |");
        sb.AppendLine("|---|---:|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (var c in candidates)
        {
            var cells = columns.Select(col => c.Tasks.GetValueOrDefault(col.Task)?.FirstOrDefault(m => m.Name == col.Metric)?.Value is { } v
                ? v.ToString("0.####", ci) : "–");
            sb.AppendLine($"| {c.Name}{(c.Selected ? " ✔" : "")} | {c.DistanceFromArgmax?.ToString(ci) ?? "–"} | {string.Join(" | ", cells)} |");
        }
        if (metrics.SampleSummary is { } summary)
        {
            var cells = columns.Select(col => summary.GetValueOrDefault(col.Task)?.FirstOrDefault(m => m.Name == col.Metric) is { } m
                ? string.Create(ci, $"{m.Mean:0.####} ± {m.Std:0.####}") : "–");
            int n = summary.Values.FirstOrDefault()?.FirstOrDefault()?.Count ?? 0;
            sb.AppendLine($"| mean ± std ({n} samples) | | {string.Join(" | ", cells)} |");
        }
        sb.AppendLine();
    }
}
