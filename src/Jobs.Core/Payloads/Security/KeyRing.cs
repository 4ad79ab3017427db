namespace Jobs.Payloads.Security;

/// <summary>
/// Keys by id, in the order they were added: new payloads use the primary key (the one named primary, else the last
/// added that can be used for it), old payloads are opened with whichever key their id names. Rotation: add the new key,
/// keep the old ones listed until nothing signed or encrypted with them remains.
/// </summary>
internal sealed class KeyRing<TKey> where TKey : class, IKeyed
{
    private readonly List<TKey> _keys = [];

    /// <summary>The id of the key to use for new payloads; null: the last added that qualifies.</summary>
    public string? PrimaryId { get; set; }

    public int Count => _keys.Count;
    public IReadOnlyList<TKey> Keys => _keys;

    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        KeyId.Validate(key.Id);
        if (_keys.Any(k => k.Id == key.Id)) throw new ArgumentException($"Key id '{key.Id}' is added twice.", nameof(key));
        _keys.Add(key);
    }

    public TKey? Find(string id)
    {
        foreach (var k in _keys)
            if (string.Equals(k.Id, id, StringComparison.Ordinal)) return k;
        return null;
    }

    /// <summary>The key new payloads use: <see cref="PrimaryId"/> if set (it must qualify), else the newest that qualifies; null when none does.</summary>
    public TKey? Primary(Func<TKey, bool>? qualifies = null, string purpose = "use")
    {
        if (PrimaryId is { } id)
        {
            var k = Find(id) ?? throw new InvalidOperationException($"The primary key '{id}' is not among the keys added.");
            if (qualifies is not null && !qualifies(k)) throw new InvalidOperationException($"The primary key '{id}' cannot {purpose}.");
            return k;
        }
        for (var i = _keys.Count - 1; i >= 0; i--)
            if (qualifies is null || qualifies(_keys[i])) return _keys[i];
        return null;
    }
}
