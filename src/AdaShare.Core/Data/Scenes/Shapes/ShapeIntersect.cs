using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdaShare.Data.Scenes.Shapes;

/// <summary>
/// Analytic ray intersections in an object's local frame (y up, centred at the origin). Each returns the nearest
/// hit distance in (<paramref name="tMin"/>, <paramref name="tMax"/>) along the (unit) direction, or +∞, and
/// the local outward normal of that hit.
/// </summary>
internal static class ShapeIntersect
{
    /// <summary>Axis-aligned box with half extents <paramref name="h"/> (slab method).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Box(Vector3 o, Vector3 d, Vector3 h, float tMin, float tMax, out Vector3 n)
    {
        n = default;
        Vector3 inv = Vector3.One / d;
        Vector3 t0 = (-h - o) * inv, t1 = (h - o) * inv;
        Vector3 tn = Vector3.Min(t0, t1), tf = Vector3.Max(t0, t1);
        float tNear = MathF.Max(MathF.Max(tn.X, tn.Y), tn.Z);
        float tFar = MathF.Min(MathF.Min(tf.X, tf.Y), tf.Z);
        if (tNear > tFar || tFar <= tMin || tNear >= tMax) return float.PositiveInfinity;
        if (tNear <= tMin) return float.PositiveInfinity; // origin inside: not a visible outer surface
        if (tNear == tn.X) n = new Vector3(-MathF.Sign(d.X), 0, 0);
        else if (tNear == tn.Y) n = new Vector3(0, -MathF.Sign(d.Y), 0);
        else n = new Vector3(0, 0, -MathF.Sign(d.Z));
        return tNear;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sphere(Vector3 o, Vector3 d, float r, float tMin, float tMax, out Vector3 n)
    {
        n = default;
        float b = Vector3.Dot(o, d);
        float c = Vector3.Dot(o, o) - r * r;
        float disc = b * b - c;
        if (disc < 0) return float.PositiveInfinity;
        float t = -b - MathF.Sqrt(disc);
        if (t <= tMin || t >= tMax) return float.PositiveInfinity;
        n = (o + t * d) / r;
        return t;
    }

    /// <summary>Closed cylinder, axis y, radius <paramref name="r"/>, y in [−hh, hh].</summary>
    public static float Cylinder(Vector3 o, Vector3 d, float r, float hh, float tMin, float tMax, out Vector3 n)
    {
        n = default;
        float best = float.PositiveInfinity;
        float a = d.X * d.X + d.Z * d.Z;
        if (a > 1e-12f)
        {
            float b = o.X * d.X + o.Z * d.Z;
            float c = o.X * o.X + o.Z * o.Z - r * r;
            float disc = b * b - a * c;
            if (disc >= 0)
            {
                float t = (-b - MathF.Sqrt(disc)) / a;
                if (t > tMin && t < tMax)
                {
                    float y = o.Y + t * d.Y;
                    if (y >= -hh && y <= hh) { best = t; n = new Vector3((o.X + t * d.X) / r, 0, (o.Z + t * d.Z) / r); }
                }
            }
            else return float.PositiveInfinity; // misses the infinite cylinder, so misses the caps too
        }
        if (MathF.Abs(d.Y) > 1e-12f)
        {
            float cy = d.Y < 0 ? hh : -hh; // the cap facing the ray
            float t = (cy - o.Y) / d.Y;
            if (t > tMin && t < best && t < tMax)
            {
                float x = o.X + t * d.X, z = o.Z + t * d.Z;
                if (x * x + z * z <= r * r) { best = t; n = new Vector3(0, MathF.Sign(cy), 0); }
            }
        }
        return best;
    }

    /// <summary>Closed cone, axis y, base radius <paramref name="r"/> at y = −hh, apex at y = +hh.</summary>
    public static float Cone(Vector3 o, Vector3 d, float r, float hh, float tMin, float tMax, out Vector3 n)
    {
        n = default;
        float best = float.PositiveInfinity;
        float k = r / (2 * hh), k2 = k * k;
        float w = hh - o.Y;
        float a = d.X * d.X + d.Z * d.Z - k2 * d.Y * d.Y;
        float b = o.X * d.X + o.Z * d.Z + k2 * w * d.Y;
        float c = o.X * o.X + o.Z * o.Z - k2 * w * w;
        if (MathF.Abs(a) > 1e-9f)
        {
            float disc = b * b - a * c;
            if (disc >= 0)
            {
                float s = MathF.Sqrt(disc);
                float ta = (-b - s) / a, tb = (-b + s) / a;
                if (ta > tb) (ta, tb) = (tb, ta);
                for (int i = 0; i < 2; i++)
                {
                    float t = i == 0 ? ta : tb;
                    if (t <= tMin || t >= tMax) continue;
                    float y = o.Y + t * d.Y;
                    if (y < -hh || y > hh) continue;
                    Vector3 p = o + t * d;
                    best = t;
                    n = Vector3.Normalize(new Vector3(p.X, k2 * (hh - p.Y), p.Z));
                    break;
                }
            }
        }
        if (d.Y > 1e-12f)
        {
            float t = (-hh - o.Y) / d.Y; // base, seen from below only
            if (t > tMin && t < best && t < tMax)
            {
                float x = o.X + t * d.X, z = o.Z + t * d.Z;
                if (x * x + z * z <= r * r) { best = t; n = new Vector3(0, -1, 0); }
            }
        }
        return best;
    }
}
