namespace Jobs;

/// <summary>What a schedule does about slots missed while no beat ran (or the beat fell behind).</summary>
public enum MissedSlots
{
    /// <summary>Fire one job for all the missed slots, then continue with the next future slot (the default).</summary>
    RunOnce,
    /// <summary>Fire nothing for a slot older than one period; continue with the next future slot.</summary>
    Skip,
}
