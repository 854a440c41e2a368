using AdaShare.Config;
using AdaShare.Model;
using AdaShare.Experiments;

namespace AdaShare.Tests.Config;

/// <summary>The shipped paper configs (NYUv2, Taskonomy, DomainNet) hold the paper's hyper-parameters (method notes §3-4) and validate without the data.</summary>
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

    [Fact]
    public void Taskonomy_5task_has_the_papers_settings()
    {
        var c = Load("taskonomy-5task.yaml");
        Assert.Equal(("taskonomy", 256, 256), (c.Data.Dataset, c.Data.Height, c.Data.Width));
        Assert.Equal(16, BackboneSpec.FromConfig(c.Model, 5).BlockCount);
        Assert.True(c.Model.Dilated);
        Assert.Equal(new[] { ("segmentation", 1.0), ("normal", 3.0), ("depth", 2.0), ("keypoint", 7.0), ("edge", 7.0) }, c.Tasks.Select(t => (t.Name, t.Weight)));
        Assert.Equal((0.001, 0.005, 1), (c.Policy.SparsityWeight, c.Policy.SharingWeight, c.Policy.CurriculumSpeed));
        var t = c.Train;
        Assert.Equal((16, 20000, 30000, 1e-4, 1e-4, 12000, 0.3), (t.BatchSize, t.WarmupIters, t.RetrainIters, t.LrHeads, t.LrBackbone, t.LrStep, t.LrGamma));
        Assert.Equal(100000, t.WarmupIters + t.Alternations * (t.WeightItersPerAlternation + t.PolicyItersPerAlternation));
        Assert.Equal((400, 100), (t.WeightItersPerAlternation, t.PolicyItersPerAlternation));
    }

    [Fact]
    public void Domainnet_has_the_papers_settings()
    {
        var c = Load("domainnet.yaml");
        Assert.Equal(("domainnet", 224, 224), (c.Data.Dataset, c.Data.Height, c.Data.Width));
        Assert.Equal(new[] { "real", "painting", "quickdraw", "clipart", "infograph", "sketch" }, c.Tasks.Select(x => x.Name));
        Assert.All(c.Tasks, x => Assert.Equal("classification", x.Kind));
        var spec = BackboneSpec.FromConfig(c.Model, 6);
        Assert.Equal((16, 6, false), (spec.BlockCount, spec.TaskNorms, spec.CeilModePool));
        Assert.Equal(new[] { 1, 2, 2, 2 }, spec.Strides);
        Assert.Equal((0.01, 0.1, 1), (c.Policy.SparsityWeight, c.Policy.SharingWeight, c.Policy.CurriculumSpeed));
        var t = c.Train;
        Assert.Equal((32, 4000, 1e-3, 1e-5, 2000, 0.3), (t.BatchSize, t.WarmupIters, t.LrHeads, t.LrBackbone, t.LrStep, t.LrGamma));
        Assert.Equal(20000, t.WarmupIters + t.Alternations * (t.WeightItersPerAlternation + t.PolicyItersPerAlternation));
    }

    [Fact]
    public void Domainnet_needs_square_images()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: d\ndata: { dataset: domainnet, root: x, height: 224, width: 200 }\ntasks: [{ name: real, kind: classification }]\n"));
        Assert.Contains("data.width", e.Message);
    }
}
