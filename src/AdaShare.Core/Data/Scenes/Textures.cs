using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdaShare.Data.Scenes;

/// <summary>Solid procedural textures (checker, stripes, value noise) — allocation free.</summary>
internal static class Textures
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector3 Albedo(in Material m, Vector3 p)
    {
        float f;
        switch (m.Texture)
        {
            case TextureKind.Checker:
                {
                    float inv = 1f / m.Scale;
                    int k = (int)MathF.Floor(p.X * inv) + (int)MathF.Floor(p.Y * inv) + (int)MathF.Floor(p.Z * inv);
                    f = (k & 1) == 0 ? 0f : 1f;
                    break;
                }
            case TextureKind.Stripes:
                {
                    float u = Vector3.Dot(p, m.StripeAxis) / m.Scale;
                    f = u - MathF.Floor(u) < 0.5f ? 0f : 1f;
                    break;
                }
            case TextureKind.Noise:
                {
                    Vector3 q = p / m.Scale;
                    f = 0.65f * ValueNoise(q) + 0.35f * ValueNoise(q * 2.7f + new Vector3(17.3f, 5.1f, 9.7f));
                    break;
                }
            default:
                return m.Color1;
        }
        return Vector3.Lerp(m.Color1, m.Color2, f);
    }

    /// <summary>Trilinear value noise in [0, 1] on the integer lattice.</summary>
    public static float ValueNoise(Vector3 p)
    {
        float fx = MathF.Floor(p.X), fy = MathF.Floor(p.Y), fz = MathF.Floor(p.Z);
        int ix = (int)fx, iy = (int)fy, iz = (int)fz;
        float tx = p.X - fx, ty = p.Y - fy, tz = p.Z - fz;
        tx = tx * tx * (3 - 2 * tx);
        ty = ty * ty * (3 - 2 * ty);
        tz = tz * tz * (3 - 2 * tz);
        float c000 = Hash(ix, iy, iz), c100 = Hash(ix + 1, iy, iz), c010 = Hash(ix, iy + 1, iz), c110 = Hash(ix + 1, iy + 1, iz);
        float c001 = Hash(ix, iy, iz + 1), c101 = Hash(ix + 1, iy, iz + 1), c011 = Hash(ix, iy + 1, iz + 1), c111 = Hash(ix + 1, iy + 1, iz + 1);
        float x00 = c000 + (c100 - c000) * tx, x10 = c010 + (c110 - c010) * tx;
        float x01 = c001 + (c101 - c001) * tx, x11 = c011 + (c111 - c011) * tx;
        float y0 = x00 + (x10 - x00) * ty, y1 = x01 + (x11 - x01) * ty;
        return y0 + (y1 - y0) * tz;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Hash(int x, int y, int z)
    {
        uint h = (uint)x * 0x8DA6B343u ^ (uint)y * 0xD8163841u ^ (uint)z * 0xCB1AB31Fu;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        return (h & 0xFFFFFF) * (1f / 0xFFFFFF);
    }
}
