namespace Jobs.Readme.Tests;

/// <summary>The repository's README.md, read fresh (other work changes it): its C# blocks and its shell blocks.</summary>
public static class Readme
{
    public const string File = "README.md";

    /// <summary>Info-string languages that are C# (GitHub highlights all three).</summary>
    public static readonly string[] CSharpLanguages = ["csharp", "cs", "c#"];

    public static string Text() => System.IO.File.ReadAllText(Path.Combine(RepoRoot(), File));

    public static IReadOnlyList<CodeBlock> CSharpBlocks() => CSharpBlocks(Text());

    public static IReadOnlyList<CodeBlock> CSharpBlocks(string markdown)
        => [.. Markdown.Blocks(markdown).Where(b => CSharpLanguages.Contains(b.Language))];

    public static CodeBlock CSharpBlockAt(int firstLine)
        => CSharpBlocks().SingleOrDefault(b => b.FirstLine == firstLine)
           ?? throw new InvalidOperationException($"no C# block starts at {File} line {firstLine} any more (README changed during the run?)");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Jobs.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Jobs.sln not found above " + AppContext.BaseDirectory);
    }
}
