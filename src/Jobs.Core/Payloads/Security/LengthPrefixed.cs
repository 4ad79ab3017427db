using System.Buffers.Binary;
using System.Text;

namespace Jobs.Payloads.Security;

/// <summary>Concatenates fields unambiguously: each as a 4-byte big-endian length followed by its bytes (UTF-8 for text).</summary>
internal static class LengthPrefixed
{
    /// <summary>The texts, then (when <paramref name="withBytes"/>) the bytes as one more field.</summary>
    public static byte[] Join(ReadOnlySpan<string> texts, ReadOnlySpan<byte> bytes = default, bool withBytes = false)
    {
        var size = withBytes ? 4 + bytes.Length : 0;
        foreach (var t in texts) size += 4 + Encoding.UTF8.GetByteCount(t);
        var output = new byte[size];
        var at = 0;
        foreach (var t in texts)
        {
            var n = Encoding.UTF8.GetBytes(t, output.AsSpan(at + 4));
            BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(at), n);
            at += 4 + n;
        }
        if (withBytes)
        {
            BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(at), bytes.Length);
            bytes.CopyTo(output.AsSpan(at + 4));
        }
        return output;
    }
}
