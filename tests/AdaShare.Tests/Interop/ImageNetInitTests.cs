using AdaShare.Config;
using AdaShare.Interop;
using AdaShare.Model;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AdaShare.Tests.Interop;

public sealed class ImageNetInitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adashare-imagenet-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string arch, double width = 1.0)
    {
        string path = Path.Combine(_dir, $"{arch}-{width}.pt");
        Python.Run(Python.Script("write_resnet_state_dict.py"), arch, path, width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    [Fact]
    public void A_torchvision_resnet18_state_dict_written_by_pytorch_initialises_the_trunk()
    {
        string path = Write("resnet18", 0.25);
        using var trunk = new DeeplabResNet("backbone", BackboneSpec.Create("resnet18", 0.25));
        ImageNetInit.Apply(new ModelConfig { Backbone = "resnet18", Width = 0.25, Init = "imagenet:" + path }, trunk);

        var file = PyTorchUnpickler.UnpickleStateDict(path);
        var ours = trunk.state_dict();
        Assert.True(((Tensor)file["conv1.weight"]!).allclose(ours["conv1.weight"], 0, 0));
        Assert.True(((Tensor)file["bn1.running_var"]!).allclose(ours["bn1.running_var"], 0, 0));
        // Stage 3, block 1 is the 6th flattened block of ResNet-18; stage 2's first block has the projection.
        Assert.True(((Tensor)file["layer3.1.conv2.weight"]!).allclose(ours["blocks.5.conv2.weight"], 0, 0));
        Assert.True(((Tensor)file["layer2.0.downsample.1.running_mean"]!).allclose(ours["blocks.2.downsample.1.running_mean"], 0, 0));
        Assert.Equal(ours.Count, ImageNetInit.Mapping(trunk).Count);
    }

    [Fact]
    public void A_state_dict_of_another_architecture_names_the_first_mismatched_key_and_shape()
    {
        string r34 = Write("resnet34", 0.25);
        using var r18 = new DeeplabResNet("backbone", BackboneSpec.Create("resnet18", 0.25));
        var extra = Assert.Throws<InvalidDataException>(() => ImageNetInit.Load(r18, r34, "resnet18"));
        Assert.Contains("'layer1.2.bn1.bias' [16] has no place", extra.Message);

        string r18file = Write("resnet18", 0.25);
        using var r34net = new DeeplabResNet("backbone", BackboneSpec.Create("resnet34", 0.25));
        var missing = Assert.Throws<InvalidDataException>(() => ImageNetInit.Load(r34net, r18file, "resnet34"));
        Assert.Contains("no key 'layer1.2.conv1.weight' [16, 16, 3, 3]", missing.Message);

        using var wide = new DeeplabResNet("backbone", BackboneSpec.Create("resnet18", 0.5));
        var shape = Assert.Throws<InvalidDataException>(() => ImageNetInit.Load(wide, r18file, "resnet18 at width 0.5"));
        Assert.Contains("first mismatched key 'conv1.weight': [16, 3, 7, 7] in the file, the resnet18 at width 0.5 trunk needs [32, 3, 7, 7]", shape.Message);
    }
}
