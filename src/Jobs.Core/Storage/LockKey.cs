using System.Text;

namespace Jobs.Storage;

/// <summary>Advisory-lock keys that are the same in every process (FNV-1a; <c>string.GetHashCode</c> differs per process).</summary>
internal static class LockKey
{
    public static long For(string name)
    {
        ulong hash = 14695981039346656037;
        foreach (var b in Encoding.UTF8.GetBytes(name)) { hash ^= b; hash *= 1099511628211; }
        return unchecked((long)hash);
    }
}
