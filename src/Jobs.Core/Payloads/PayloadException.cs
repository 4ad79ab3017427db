namespace Jobs.Payloads;

/// <summary>A payload that cannot be opened (bad signature, undecryptable, malformed, refused tag); the message starts with the reason's name and a colon.</summary>
internal sealed class PayloadException(string message, Exception? inner = null) : Exception(message, inner);
