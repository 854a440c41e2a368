using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdaShare.Data.Scenes.Shapes;

/// <summary>
/// One object of a scene: a shape in its local frame (y up), rotated about the world y axis by a yaw angle and
/// translated to <see cref="Center"/>. The world→local transform and a bounding sphere are precomputed.
/// </summary>
public readonly struct SceneObject
{
    public ShapeKind Kind { get; }
    public Vector3 Center { get; }
    public float Yaw { get; }

    /// <summary>Box: half extents. Sphere: (r, r, r). Cylinder and cone: (r, half height, r).</summary>
    public Vector3 Size { get; }

    public Material Material { get; }
    public float BoundRadius { get; }

    private readonly float _cos, _sin;

    public SceneObject(ShapeKind kind, Vector3 center, float yaw, Vector3 size, Material material)
    {
        Kind = kind;
        Center = center;
        Yaw = yaw;
        Size = size;
        Material = material;
        _cos = MathF.Cos(yaw);
        _sin = MathF.Sin(yaw);
        BoundRadius = kind switch
        {
            ShapeKind.Sphere => size.X,
            ShapeKind.Box => size.Length(),
            _ => MathF.Sqrt(size.X * size.X + size.Y * size.Y),
        } * 1.001f;
    }

    public int ClassId => Kind.ClassId();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector3 ToLocalDirection(Vector3 v) => new(_cos * v.X - _sin * v.Z, v.Y, _sin * v.X + _cos * v.Z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector3 ToLocalPoint(Vector3 p) => ToLocalDirection(p - Center);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector3 ToWorldDirection(Vector3 v) => new(_cos * v.X + _sin * v.Z, v.Y, -_sin * v.X + _cos * v.Z);

    public Vector3 ToWorldPoint(Vector3 p) => ToWorldDirection(p) + Center;

    /// <summary>
    /// Nearest hit in (tMin, tMax) of the world ray o + t·d (d unit), or +∞; <paramref name="localNormal"/> is in
    /// the object's frame. Rejects by the bounding sphere first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Intersect(Vector3 o, Vector3 d, float tMin, float tMax, out Vector3 localNormal)
    {
        localNormal = default;
        Vector3 oc = o - Center;
        float b = Vector3.Dot(oc, d);
        float c = Vector3.Dot(oc, oc) - BoundRadius * BoundRadius;
        float disc = b * b - c;
        if (disc < 0) return float.PositiveInfinity;
        float s = MathF.Sqrt(disc);
        if (-b - s >= tMax || -b + s <= tMin) return float.PositiveInfinity;
        Vector3 lo = ToLocalDirection(oc), ld = ToLocalDirection(d);
        return Kind switch
        {
            ShapeKind.Box => ShapeIntersect.Box(lo, ld, Size, tMin, tMax, out localNormal),
            ShapeKind.Sphere => ShapeIntersect.Sphere(lo, ld, Size.X, tMin, tMax, out localNormal),
            ShapeKind.Cylinder => ShapeIntersect.Cylinder(lo, ld, Size.X, Size.Y, tMin, tMax, out localNormal),
            _ => ShapeIntersect.Cone(lo, ld, Size.X, Size.Y, tMin, tMax, out localNormal),
        };
    }

    /// <summary>Projected-keypoint candidates: box corners, sphere top, cylinder top centre and rim, cone apex and base rim.</summary>
    public int Keypoints(Span<Vector3> world)
    {
        int n = 0;
        Vector3 s = Size;
        switch (Kind)
        {
            case ShapeKind.Box:
                for (int i = 0; i < 8; i++)
                    world[n++] = ToWorldPoint(new Vector3((i & 1) == 0 ? -s.X : s.X, (i & 2) == 0 ? -s.Y : s.Y, (i & 4) == 0 ? -s.Z : s.Z));
                break;
            case ShapeKind.Sphere:
                world[n++] = Center + new Vector3(0, s.X, 0);
                break;
            case ShapeKind.Cylinder:
                world[n++] = ToWorldPoint(new Vector3(0, s.Y, 0));
                world[n++] = ToWorldPoint(new Vector3(s.X, s.Y, 0));
                world[n++] = ToWorldPoint(new Vector3(-s.X, s.Y, 0));
                world[n++] = ToWorldPoint(new Vector3(0, s.Y, s.X));
                world[n++] = ToWorldPoint(new Vector3(0, s.Y, -s.X));
                break;
            case ShapeKind.Cone:
                world[n++] = ToWorldPoint(new Vector3(0, s.Y, 0));
                world[n++] = ToWorldPoint(new Vector3(s.X, -s.Y, 0));
                world[n++] = ToWorldPoint(new Vector3(-s.X, -s.Y, 0));
                world[n++] = ToWorldPoint(new Vector3(0, -s.Y, s.X));
                world[n++] = ToWorldPoint(new Vector3(0, -s.Y, -s.X));
                break;
        }
        return n;
    }

    public const int MaxKeypoints = 8;
}
