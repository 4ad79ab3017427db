using Jobs.Dashboard.Search;

namespace Jobs.Dashboard.Components;

/// <summary>The jobs page: the search, its page of jobs (null when the search failed), and why it failed.</summary>
internal sealed record JobsModel(SearchQuery Query, JobPage? Page, string? Error);
