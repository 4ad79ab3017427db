namespace Jobs.Worker;

/// <summary>Makes text storable in every database: no NUL characters (PostgreSQL text rejects them).</summary>
internal static class OutcomeText
{
    public const int MaxErrorLength = 2000;

    public static string? StripNul(string? text) => text is null || !text.Contains('\0') ? text : text.Replace("\0", "", StringComparison.Ordinal);

    /// <summary>A short, storable error message.</summary>
    public static string Safe(string text)
    {
        var s = StripNul(text)!;
        return s.Length <= MaxErrorLength ? s : s[..MaxErrorLength] + "…";
    }
}
