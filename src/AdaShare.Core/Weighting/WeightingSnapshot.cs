namespace AdaShare.Weighting;

/// <summary>A weighting's state in a checkpoint (progress.json): which method, and its numbers.</summary>
public sealed class WeightingSnapshot
{
    public string Name { get; set; } = "";
    public Dictionary<string, List<double>> State { get; set; } = new();

    /// <summary>Null for a stateless method (nothing to resume; progress.json stays as it was before weightings).</summary>
    public static WeightingSnapshot? Of(ILossWeighting weighting)
    {
        var state = weighting.SaveState();
        return state.Count == 0 ? null : new WeightingSnapshot { Name = weighting.Name, State = state };
    }

    /// <summary>Restores a checkpoint's state; a checkpoint of another method cannot continue under this one.</summary>
    public static void Restore(ILossWeighting weighting, WeightingSnapshot? snapshot, string checkpoint)
    {
        if (snapshot == null)
            return;
        if (snapshot.Name != weighting.Name)
            throw new InvalidDataException($"checkpoint {checkpoint} was trained with weighting '{snapshot.Name}', the config names '{weighting.Name}'; start a new run to change the weighting");
        weighting.LoadState(snapshot.State);
    }
}
