using AdaShare.Config;

namespace AdaShare.Tests.Config;

/// <summary>The shipped NYUv2 paper configs hold the paper's hyper-parameters (method notes §3-4) and validate without the data.</summary>
public sealed class PaperConfigTests
{
    private static ExperimentConfig Load(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AdaShare.slnx"))) dir = dir.Parent;
        return ConfigLoader.Load(Path.Combine(dir!.FullName, "configs", name));
    }

    [Theory]
    [InlineData("nyuv2-2task.yaml", "resnet18", 0.05, 0.05, new[] { "segmentation:1", "normal:20" })]
    [InlineData("nyuv2-3task.yaml", "resnet34", 0.001, 0.05, new[] { "segmentation:1", "normal:20", "depth:3" })]
    public void Nyuv2_configs_hold_the_paper_settings(string file, string backbone, double sparsity, double sharing, string[] tasks)
    {
        var c = Load(file);
        Assert.Equal(("nyuv2", backbone, "bgr-mean"), (c.Data.Dataset, c.Model.Backbone, c.Data.Normalize));
        Assert.Equal([321, 321], c.Data.Crop);
        Assert.Equal([0.5, 1.5], c.Data.RandomScale);
        Assert.Equal(tasks, c.Tasks.Select(t => $"{t.Name}:{t.Weight}"));
        Assert.Equal((sparsity, sharing, 3), (c.Policy.SparsityWeight, c.Policy.SharingWeight, c.Policy.CurriculumSpeed));
        Assert.Equal((16, 4000, 20000), (c.Train.BatchSize, c.Train.WarmupIters, c.Train.RetrainIters));
        Assert.Equal((1e-3, 1e-3, 4000, 0.5), (c.Train.LrHeads, c.Train.LrBackbone, c.Train.LrStep, c.Train.LrGamma));
        int policyIters = c.Train.WarmupIters + c.Train.Alternations * (c.Train.WeightItersPerAlternation + c.Train.PolicyItersPerAlternation);
        Assert.InRange(policyIters, 19_500, 20_500); // 20k policy-phase iterations including the warm-up
        Assert.Equal((1024, 1.0), (c.Model.HeadChannels, c.Model.Width));
    }
}
