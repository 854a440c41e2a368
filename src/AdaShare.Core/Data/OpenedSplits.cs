namespace AdaShare.Data;

/// <summary>
/// What a dataset kind opens: train, a validation split for model selection, the test split and, when the dataset
/// defines them (the official layouts' train1 / train2), the weight / policy halves as indices into <see cref="Train"/>;
/// null halves = a seeded split of train in two.
/// </summary>
public sealed record OpenedSplits(IMultiTaskDataset Train, IMultiTaskDataset Val, IMultiTaskDataset Test, (int[] First, int[] Second)? Halves = null);
