using System.Text.RegularExpressions;

namespace Jobs.Readme.Tests;

/// <summary>A fenced code block of a Markdown file: its info string's first word (the language), the rest of the info
/// string, the code, and the 1-based line of the code's first line in the file.</summary>
public sealed record CodeBlock(string Language, string Info, string Code, int FirstLine)
{
    /// <summary>The code's lines, each with its 1-based line number in the file.</summary>
    public IEnumerable<(int Line, string Text)> Lines()
        => Code.Split('\n').Select((text, i) => (FirstLine + i, text));
}

/// <summary>An inline code span (<c>`...`</c>) outside fenced blocks, with its 1-based line.</summary>
public sealed record CodeSpan(string Code, int Line);

/// <summary>Just enough CommonMark for a README: fenced blocks (``` or ~~~, indented up to three spaces) and inline
/// code spans outside them.</summary>
public static partial class Markdown
{
    public static IReadOnlyList<CodeBlock> Blocks(string markdown)
    {
        var lines = SplitLines(markdown);
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success) continue;
            var fence = open.Groups["fence"].Value;
            var info = open.Groups["info"].Value.Trim();
            var indent = open.Groups["indent"].Length;
            var body = new List<string>();
            var j = i + 1;
            for (; j < lines.Length; j++)
            {
                var close = Fence().Match(lines[j]);
                if (close.Success && close.Groups["fence"].Value[0] == fence[0] && close.Groups["fence"].Length >= fence.Length
                    && close.Groups["info"].Value.Trim().Length == 0) break;
                body.Add(Unindent(lines[j], indent));
            }
            var language = info.Split(' ', 2)[0].ToLowerInvariant();
            blocks.Add(new CodeBlock(language, info, string.Join('\n', body), i + 2));
            i = j;
        }
        return blocks;
    }

    /// <summary>Inline code spans of the lines outside fenced blocks (a span does not cross a line here).</summary>
    public static IReadOnlyList<CodeSpan> Spans(string markdown)
    {
        var lines = SplitLines(markdown);
        var spans = new List<CodeSpan>();
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var f = Fence().Match(lines[i]);
            if (fence is null && f.Success) { fence = f.Groups["fence"].Value; continue; }
            if (fence is not null)
            {
                if (f.Success && f.Groups["fence"].Value[0] == fence[0] && f.Groups["fence"].Length >= fence.Length
                    && f.Groups["info"].Value.Trim().Length == 0) fence = null;
                continue;
            }
            foreach (Match m in Span().Matches(lines[i])) spans.Add(new CodeSpan(m.Groups["code"].Value.Trim(), i + 1));
        }
        return spans;
    }

    private static string[] SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static string Unindent(string line, int indent)
    {
        var n = 0;
        while (n < indent && n < line.Length && line[n] == ' ') n++;
        return line[n..];
    }

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(?<ticks>`+)(?<code>.+?)\k<ticks>")]
    private static partial Regex Span();
}
