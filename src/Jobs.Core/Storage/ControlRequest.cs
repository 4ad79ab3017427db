namespace Jobs.Storage;

/// <summary>A stored remote-control request: a command with JSON arguments, for every worker or one (<see cref="Destination"/>).</summary>
internal sealed record ControlRequest(long Id, string Command, string ArgsJson, string? Destination, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
