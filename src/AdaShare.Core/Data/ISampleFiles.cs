namespace AdaShare.Data;

/// <summary>An on-disk dataset that can name the files of a sample (for <c>adashare data check</c>'s format summary).</summary>
public interface ISampleFiles
{
    /// <summary>(what, path) for every file sample <paramref name="index"/> is read from.</summary>
    IReadOnlyList<(string What, string Path)> Files(int index);
}
