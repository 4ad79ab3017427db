namespace Jobs.Dashboard.Live;

/// <summary>One Server-Sent Event: its type (<c>job</c>: a stored event; <c>change</c>: the counts moved) and JSON data.</summary>
internal sealed record LiveMessage(string Type, string Data);
