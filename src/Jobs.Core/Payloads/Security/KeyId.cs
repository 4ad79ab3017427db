using System.Buffers;

namespace Jobs.Payloads.Security;

/// <summary>Key ids name a key in the signature column and in <c>content_encoding</c> ("aes256gcm:&lt;kid&gt;"): 1 to 64 of A-Z a-z 0-9 . _ -.</summary>
internal static class KeyId
{
    private static readonly SearchValues<char> Allowed = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule when <paramref name="id"/> is not a valid key id.</summary>
    public static string Validate(string? id, string paramName = "id")
    {
        if (!IsValid(id))
            throw new ArgumentException($"Key id '{id}' is not valid: use 1 to {MaxLength} letters, digits, '.', '_' or '-'.", paramName);
        return id!;
    }
}
