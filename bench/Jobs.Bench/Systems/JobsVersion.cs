using System.Reflection;

namespace Jobs.Bench.Systems;

/// <summary>The version of the Jobs assemblies under test, with the commit when the build recorded it.</summary>
internal static class JobsVersion
{
    public static readonly string Text =
        typeof(JobsOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(JobsOptions).Assembly.GetName().Version?.ToString() ?? "?";
}
