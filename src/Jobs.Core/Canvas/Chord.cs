namespace Jobs;

/// <summary>
/// A group and a callback that runs once, after every member succeeded, with their results as a JSON array in member
/// order (Celery's chord). A failed or revoked member fails the callback ("ChordError: member ID failed: ERROR"),
/// which runs the chord's error links. The count of members left is kept in table job_group and decremented under
/// its row lock in the transaction that records each member's success, so the callback is released exactly once.
/// </summary>
public sealed record Chord(Group Header, Canvas Body) : Canvas;
