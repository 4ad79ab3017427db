using System.Security.Cryptography;

namespace Jobs;

/// <summary>
/// Job ids: UUIDv7 (RFC 9562) made by the client, monotonic within this process. The 12 bits after the
/// millisecond timestamp count up within a millisecond (RFC 9562 method 1), so ids made one after another sort
/// in the order they were made even when many share a millisecond; listing by id is listing by creation.
/// </summary>
internal static class JobIds
{
    private static readonly Lock Gate = new();
    private static long _lastMs;
    private static int _counter;

    public static Guid Next(TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        long ms;
        int counter;
        lock (Gate)
        {
            if (now > _lastMs)
            {
                _lastMs = now;
                _counter = RandomNumberGenerator.GetInt32(0, 1 << 10); // random start, room to count up
            }
            else if (++_counter >= 1 << 12)
            {
                _lastMs++; // counter exhausted: borrow the next millisecond (stays monotonic)
                _counter = 0;
            }
            ms = _lastMs;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The least id that can be made at <paramref name="time"/>'s millisecond: ids at or after it were made then or later.</summary>
    public static Guid Floor(DateTimeOffset time)
    {
        var ms = Math.Max(0, time.ToUnixTimeMilliseconds());
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (40 - 8 * i));
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Greater than every id (the open end of an id range).</summary>
    public static readonly Guid Max = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");
}
