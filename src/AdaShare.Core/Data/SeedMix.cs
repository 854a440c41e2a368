namespace AdaShare.Data;

/// <summary>Stable seed derivation (FNV-1a + SplitMix64 finaliser): the same inputs give the same seed on every run and platform.</summary>
public static class SeedMix
{
    public static int Hash(long seed, string label, long counter)
    {
        ulong h = 1469598103934665603UL;
        foreach (char ch in label)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        h ^= (ulong)seed * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)counter + 0x632BE59BD9B4E019UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (int)(h & 0x7FFFFFFF);
    }
}
