using Jobs.Storage;

namespace Jobs.Beat;

/// <summary>
/// Why a stored schedule may not fire: a name that breaks <see cref="JobNames"/> or arguments over the payload limit
/// (a row written by SQL or by an older version). The beat skips its slot, logs why, and keeps firing the others.
/// </summary>
internal static class ScheduleRefusal
{
    public static string? Why(ScheduleDefinition s, int maxPayloadBytes)
    {
        try
        {
            JobNames.ValidateTask(s.Task);
            JobNames.ValidateQueue(s.Queue);
        }
        catch (ArgumentException ex)
        {
            return $"Schedule '{s.Name}' did not fire: {ex.Message}";
        }
        return PayloadLimits.ArgsError(maxPayloadBytes, s.Task, s.ArgsJson) is { } error ? $"Schedule '{s.Name}' did not fire: {error}" : null;
    }
}
