namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>Finds sibling build outputs: this assembly lives in tests/Jobs.Cli.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/.</summary>
internal static class BuildOutput
{
    private static readonly DirectoryInfo Here = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
    private static string Tfm => Here.Name;
    private static string Configuration => Here.Parent!.Name;
    private static string TestProject => Here.Parent!.Parent!.Parent!.FullName;
    private static string Repository => Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    /// <summary>The built console, run as <c>dotnet Jobs.Cli.dll</c>.</summary>
    public static string CliDll => Existing(Path.Combine(Repository, "src", "Jobs.Cli", "bin", Configuration, Tfm, "Jobs.Cli.dll"));

    /// <summary>The sample task assembly (<c>sample.add</c>) for <c>-A</c>.</summary>
    public static string SampleTasksDll => Existing(Path.Combine(TestProject, "SampleTasks", "bin", Configuration, Tfm, "Jobs.Cli.SampleTasks.dll"));

    private static string Existing(string path)
        => File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution (or tests/Jobs.Cli.Tests) first.");
}
