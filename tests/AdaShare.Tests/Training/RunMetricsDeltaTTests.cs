using AdaShare.Comparison;
using AdaShare.Data;
using AdaShare.Methods.AdaShare;
using AdaShare.Metrics;
using AdaShare.Reporting;
using AdaShare.Tasks;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Training;

public class RunMetricsDeltaTTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-runmetrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static List<MetricValue> Normal(double mean, double within11) =>
        [new("mean_angle", mean, false), new("median_angle", mean / 2, false), new("within_11.25", within11, true), new("within_22.5", 0.5, true), new("within_30", 0.6, true)];

    [Fact]
    public void ZeroSingleTaskMetricIsLeftOutAndRecorded()
    {
        var single = new RunMetrics { Tasks = new() { ["normal"] = Normal(40, 0) } };
        string path = Path.Combine(_dir, "single.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(single, RunDirectory.Json));
        var run = new RunMetrics { Tasks = new() { ["normal"] = Normal(36, 0.1) } };
        var config = TinyExperiment.Config("normal");

        var excluded = run.CompareWithSingleTask(path, DeltaTMetricSet.Paper, AdaShare.Training.DeltaTSettings.Selection(config));

        Assert.Equal(["normal/within_11.25"], excluded);
        // mean −10 % → +10, median −10 % → +10, 22.5 and 30 unchanged: Δ = 20 / 4 = +5.
        Assert.Equal(5.0, run.DeltaT!.Value, 9);
        Assert.Equal(["mean_angle", "median_angle", "within_22.5", "within_30"], run.DeltaTMetrics!["normal"]);
        Assert.Equal(["normal/within_11.25"], run.DeltaTExcluded);
        Assert.StartsWith("paper", run.DeltaTMetricSet);
    }

    [Fact]
    public void CandidateSelectionWorksOnCompatNames()
    {
        string c = MetricProtocol.CompatSuffix;
        var tasks = TaskSpec.Bind(TinyExperiment.Config("depth").Tasks, new TinyDataset(4, 1));
        Dictionary<string, List<MetricValue>> Candidate(double abs) => new() { ["depth"] = [new("abs_err" + c, abs, false), new("rel_err" + c, 0.2, false)] };
        var scores = CandidateSelection.Scores(tasks, [Candidate(0.6), Candidate(0.4)]);
        // abs: mean 0.5, candidate 2 is 20 % better, candidate 1 20 % worse; rel equal → ±10.
        Assert.Equal(-10.0, scores[0], 9);
        Assert.Equal(10.0, scores[1], 9);
    }

    [Fact]
    public void ReportShowsTheOpenedDataNotTheConfigSizes()
    {
        var config = TinyExperiment.Config("segmentation");
        var data = DataSplits.Create(new TinyDataset(4, 1, 48, 40), new TinyDataset(2, 2, 48, 40), new TinyDataset(3, 3, 48, 40), 0);
        var run = new RunDirectory(Path.Combine(_dir, "run"));
        string report = RunReport.Build(config, new AdaShare.Methods.AdaShare.AdaShareMethod().Schedule(config), run, new RunState(), null, null, null, null, data);
        Assert.Contains("48×40, train 4 / val 2 / test 3", report);
        Assert.DoesNotContain("train 64", report);
    }
}
