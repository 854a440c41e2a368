namespace AdaShare.Data.Scenes.Shapes;

/// <summary>Object shapes; each maps to one semantic class (<see cref="SceneClasses"/>).</summary>
public enum ShapeKind { Box, Sphere, Cylinder, Cone }

public static class ShapeKindExtensions
{
    public static int ClassId(this ShapeKind kind) => kind switch
    {
        ShapeKind.Box => SceneClasses.Box,
        ShapeKind.Sphere => SceneClasses.Sphere,
        ShapeKind.Cylinder => SceneClasses.Cylinder,
        ShapeKind.Cone => SceneClasses.Cone,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
