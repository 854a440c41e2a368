using AdaShare.Data;
using AdaShare.Tests.Fakes;
using AdaShare.Training;

namespace AdaShare.Tests.Method;

/// <summary>train1 (weights) and train2 (policy) are disjoint halves that together are the train split.</summary>
[Trait("Category", "Focused")]
public class TrainSplitTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(9)]
    public void Train1AndTrain2AreDisjointHalvesOfTrain(int count)
    {
        var train = new TinyDataset(count, 1, 8, 8);
        var splits = DataSplits.Create(train, new TinyDataset(4, 2, 8, 8), new TinyDataset(4, 3, 8, 8), seed: 7);
        var first = ((DatasetSubset)splits.Train1).Indices;
        var second = ((DatasetSubset)splits.Train2).Indices;
        Assert.Empty(first.Intersect(second));
        Assert.Equal(Enumerable.Range(0, count), first.Concat(second).Order());
        Assert.Equal(count / 2, first.Count);
        Assert.Same(train, splits.Train);
        // Seeded: same seed same halves, another seed other halves.
        Assert.Equal(first, ((DatasetSubset)DataSplits.Create(train, train, train, 7).Train1).Indices);
        Assert.NotEqual(first, ((DatasetSubset)DataSplits.Create(train, train, train, 8).Train1).Indices);
    }
}
