using Xunit;

namespace Jobs.Readme.Tests;

/// <summary>Every C# block of README.md compiles against the real assemblies (rules: <see cref="SnippetCompiler"/>).
/// One test case per block, named by the line of its opening fence; new blocks are picked up by themselves.</summary>
public sealed class ReadmeCSharpTests
{
    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        foreach (var block in Readme.CSharpBlocks()) data.Add(block.FirstLine);
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_compiles(int line)
    {
        var compiled = SnippetCompiler.Compile(Readme.CSharpBlockAt(line));
        Assert.True(compiled.Errors.Count == 0, compiled.Report());
    }

    [Fact]
    public void The_README_has_its_CSharp_blocks()
    {
        // A floor, so that a change to the fence syntax (or to the extraction) cannot make the theory above vacuous.
        Assert.True(Readme.CSharpBlocks().Count >= 15, $"found only {Readme.CSharpBlocks().Count} C# blocks in {Readme.File}");
    }
}
