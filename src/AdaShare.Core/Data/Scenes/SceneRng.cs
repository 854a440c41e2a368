using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdaShare.Data.Scenes;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast, platform-independent generator (System.Random's
/// algorithm is an implementation detail, so it is not used for reproducible data).
/// </summary>
public struct SceneRng
{
    private ulong _s0, _s1, _s2, _s3;

    public SceneRng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The generator of sample <paramref name="index"/> of split <paramref name="split"/> (0 train, 1 val, 2 test).</summary>
    public static SceneRng ForSample(ulong seed, int split, int index)
    {
        ulong x = seed ^ 0x5CE4E5DA7A5E7UL;
        ulong a = SplitMix64(ref x);
        ulong y = a ^ ((ulong)(uint)split << 40) ^ (ulong)(uint)index;
        return new SceneRng(SplitMix64(ref y));
    }

    public static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextULong() >> 40) * (1f / (1 << 24));

    public float Uniform(float lo, float hi) => lo + (hi - lo) * NextFloat();

    /// <summary>Uniform integer in [lo, hi] (inclusive).</summary>
    public int Int(int lo, int hi) => lo + (int)((NextULong() >> 33) % (ulong)(hi - lo + 1));

    public bool Chance(float p) => NextFloat() < p;

    /// <summary>Approximately standard normal (sum of four uniforms, scaled): cheap and bounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Gaussian()
    {
        ulong r = NextULong();
        float s = (r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48);
        return (s * (1f / 65536f) - 2f) * 1.7320508f;
    }
}
