namespace Jobs.Dashboard.Components;

/// <summary>The schedules page: every schedule, and the one being edited (null: the form adds a new one).</summary>
internal sealed record SchedulesModel(IReadOnlyList<ScheduleEntry> Schedules, ScheduleEntry? Editing, string? Error);
