namespace Jobs.Dashboard.Data;

/// <summary>
/// One value shared by every viewer: read at most once per <c>duration</c>, by one caller at a time (the others wait
/// for that read), so ten open dashboards cost the database what one does.
/// </summary>
internal sealed class SharedValue<T>(Func<CancellationToken, Task<T>> read, TimeSpan duration, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;
    private long _readAt;
    private bool _has;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(out var value)) return value;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(out value)) return value;
            value = await read(cancellationToken).ConfigureAwait(false);
            _value = value;
            _readAt = time.GetTimestamp();
            Volatile.Write(ref _has, true);
            return value;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Forgets the value, so the next reader reads it again (after an action changed it).</summary>
    public void Invalidate() => Volatile.Write(ref _has, false);

    private bool Fresh(out T value)
    {
        value = _value!;
        return Volatile.Read(ref _has) && time.GetElapsedTime(_readAt) < duration;
    }
}
