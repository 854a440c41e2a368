using System.Numerics;
using AdaShare.Data.Scenes.Shapes;

namespace AdaShare.Data.Scenes;

/// <summary>A point light with an RGB intensity.</summary>
public readonly record struct SceneLight(Vector3 Position, Vector3 Intensity);

/// <summary>
/// Everything the renderer needs for one image: an axis-aligned room [RoomMin, RoomMax] (floor at y = RoomMin.Y),
/// its materials, the objects, the lights, the ambient term and the camera.
/// </summary>
public sealed class SceneDescription
{
    public required Vector3 RoomMin { get; init; }
    public required Vector3 RoomMax { get; init; }
    public required Material Floor { get; init; }
    public required Material Wall { get; init; }
    public required Material Ceiling { get; init; }
    public required SceneObject[] Objects { get; init; }
    public required SceneLight[] Lights { get; init; }
    public required Vector3 Ambient { get; init; }
    public required SceneCamera Camera { get; init; }

    /// <summary>Seed for the per-pixel sensor noise of this image.</summary>
    public required ulong NoiseSeed { get; init; }
}
