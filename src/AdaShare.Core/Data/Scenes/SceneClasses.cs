namespace AdaShare.Data.Scenes;

/// <summary>Semantic classes of the scenes dataset (index = label value).</summary>
public static class SceneClasses
{
    public const int Floor = 0;
    public const int Wall = 1;
    public const int Ceiling = 2;
    public const int Box = 3;
    public const int Sphere = 4;
    public const int Cylinder = 5;
    public const int Cone = 6;

    public static IReadOnlyList<string> Names { get; } = ["floor", "wall", "ceiling", "box", "sphere", "cylinder", "cone"];

    public static int Count => Names.Count;
}
