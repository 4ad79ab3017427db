using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;

namespace Jobs.Readme.Tests;

/// <summary>A documented <c>jobs ...</c> command line: its text (continuations joined, comments dropped) and its line.</summary>
public sealed record CommandLine(string Text, int Line, string Origin);

/// <summary>
/// The README's <c>jobs</c> command lines and their check against the console's real command tree.
/// <para>Where they are: in every ```sh (bash, shell, console) block, a line that starts with <c>jobs </c> (or
/// <c>$ jobs </c>), joined
/// with the indented lines that follow it (the README wraps long lines, with or without a trailing <c>\</c>), less
/// its <c># comment</c>; <c>dotnet run --project src/Jobs.Cli -- X</c> is <c>jobs X</c>; and every inline code span
/// outside blocks that starts with <c>jobs</c> and a word (<c>`jobs worker -E`</c>).</para>
/// <para>The notation: <c>[...]</c> and <c>(...)</c> group options or arguments; <c>a|b</c> in a word is a choice
/// of words (<c>jobs migrate up|down</c>: both must be subcommands); <c> | </c> between words starts an alternative of
/// the line: one that starts with a lowercase word is a sibling command (<c>jobs schedule list | remove NAME</c>: so
/// <c>jobs schedule remove</c>), one that starts with an option, a group or an UPPERCASE placeholder continues the
/// command before it (<c>jobs retry ID | --failed</c>). Words are followed down the tree while the command has
/// subcommands; a command that must be given a subcommand (it has no arguments of its own) fails on any other word.
/// Every option named (<c>-Q</c>, <c>--beat</c>, inside groups too) must be one of its command's or a global one.</para>
/// </summary>
public static partial class CommandLines
{
    private static readonly string[] ShellLanguages = ["sh", "bash", "shell", "console", "shell-session"];

    public static IReadOnlyList<CommandLine> Find(string markdown)
    {
        var found = new List<CommandLine>();
        foreach (var block in Markdown.Blocks(markdown).Where(b => ShellLanguages.Contains(b.Language)))
        {
            CommandLine? current = null;
            foreach (var (line, raw) in block.Lines())
            {
                var text = Prompt().Replace(StripComment(raw).TrimEnd(), "");
                if (current is not null && raw.Length > 0 && char.IsWhiteSpace(raw[0]))
                {
                    current = current with { Text = current.Text.TrimEnd('\\', ' ') + " " + text.Trim() };
                    continue;
                }
                if (current is not null) found.Add(current with { Text = current.Text.TrimEnd('\\', ' ') });
                current = null;
                var dotnetRun = DotnetRun().Match(text);
                if (text.StartsWith("jobs ", StringComparison.Ordinal) || text == "jobs") current = new CommandLine(text, line, "block");
                else if (dotnetRun.Success) current = new CommandLine("jobs " + dotnetRun.Groups["rest"].Value, line, "block");
            }
            if (current is not null) found.Add(current with { Text = current.Text.TrimEnd('\\', ' ') });
        }
        foreach (var span in Markdown.Spans(markdown))
        {
            if (InlineCommand().IsMatch(span.Code)) found.Add(new CommandLine(span.Code, span.Line, "inline"));
            var dotnetRun = DotnetRun().Match(span.Code);
            if (dotnetRun.Success) found.Add(new CommandLine("jobs " + dotnetRun.Groups["rest"].Value, span.Line, "inline"));
        }
        return found;
    }

    /// <summary>The problems of one line, empty when it names real commands and options.</summary>
    public static IReadOnlyList<string> Check(Command root, CommandLine line)
    {
        var problems = new List<string>();
        var alternatives = SplitAlternatives(Tokenize(line.Text));
        var first = alternatives[0];
        if (first.Count == 0 || first[0] != "jobs") return [$"does not start with 'jobs'"];
        var (commands, rest) = Walk(root, first.Skip(1).ToList(), problems);
        CheckOptions(commands, rest, problems);
        foreach (var alternative in alternatives.Skip(1))
        {
            if (alternative.Count == 0) { problems.Add("an empty alternative ('| |')"); continue; }
            var head = alternative[0];
            if (head.StartsWith('-') || head.StartsWith('[') || head.StartsWith('(') || IsPlaceholder(head))
            {
                CheckOptions(commands, alternative, problems);
                continue;
            }
            var parent = Parent(root, commands[0]);
            if (parent is null) { problems.Add($"'{head}': an alternative to the root command"); continue; }
            var (siblings, siblingRest) = Walk(parent, alternative, problems);
            CheckOptions(siblings, siblingRest, problems);
        }
        return problems;
    }

    /// <summary>Follows the words of <paramref name="tokens"/> down from <paramref name="start"/>; returns the commands
    /// reached (several for <c>a|b</c>) and the tokens left.</summary>
    private static (List<Command> Commands, List<string> Remaining) Walk(Command start, List<string> tokens, List<string> problems)
    {
        var command = start;
        var rest = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith('<'))
            {
                rest.AddRange(tokens.Skip(i)); // <command>: any
                break;
            }
            if (command.Subcommands.Count == 0 || token.StartsWith('-') || token.StartsWith('[') || token.StartsWith('(') || token == "...")
            {
                rest.Add(token);
                if (command.Subcommands.Count == 0) { rest.AddRange(tokens.Skip(i + 1)); break; }
                continue;
            }
            var words = token.Split('|');
            var matched = words.Select(w => command.Subcommands.FirstOrDefault(s => s.Name == w || s.Aliases.Contains(w))).ToList();
            if (matched.All(m => m is not null))
            {
                if (words.Length == 1) { command = matched[0]!; continue; }
                return ([.. matched.OfType<Command>()], [.. rest, .. tokens.Skip(i + 1)]);
            }
            if (command.Arguments.Count == 0 || matched.Any(m => m is not null))
            {
                var missing = words.Where((w, k) => matched[k] is null);
                problems.Add($"'{Path(command)}' has no subcommand {string.Join(", ", missing.Select(w => $"'{w}'"))} "
                             + $"(it has: {string.Join(", ", command.Subcommands.Select(s => s.Name))})");
                return ([command], [.. rest, .. tokens.Skip(i + 1)]);
            }
            rest.AddRange(tokens.Skip(i)); // an argument of a command that has subcommands and arguments
            break;
        }
        return ([command], rest);
    }

    private static void CheckOptions(List<Command> commands, List<string> tokens, List<string> problems)
    {
        foreach (var token in tokens)
        foreach (Match m in OptionName().Matches(Unquote(token)))
        foreach (var command in commands)
            if (!Accepts(command, m.Value))
                problems.Add($"'{Path(command)}' has no option '{m.Value}' (it has: {string.Join(", ", AllOptions(command).Select(o => o.Name))})");
    }

    private static bool Accepts(Command command, string option)
        => AllOptions(command).Any(o => o.Name == option || o.Aliases.Contains(option));

    /// <summary>The command's own options and the recursive ones of its ancestors (the global options).</summary>
    private static IEnumerable<Option> AllOptions(Command command)
    {
        foreach (var o in command.Options) yield return o;
        for (var p = command.Parents.OfType<Command>().FirstOrDefault(); p is not null; p = p.Parents.OfType<Command>().FirstOrDefault())
            foreach (var o in p.Options.Where(o => o.Recursive)) yield return o;
    }

    private static Command? Parent(Command root, Command command) => command == root ? null : command.Parents.OfType<Command>().FirstOrDefault();

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    private static bool IsPlaceholder(string token) => PlaceholderWord().IsMatch(token);

    /// <summary>Words separated by whitespace outside quotes; a bracket group (<c>[...]</c>, <c>(...)</c>) is one token.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is not null) { current.Append(c); if (c == quote) quote = null; continue; }
            if (c is '\'' or '"') { quote = c; current.Append(c); continue; }
            if (c is '[' or '(') depth++;
            if (c is ']' or ')') depth = Math.Max(0, depth - 1);
            if (char.IsWhiteSpace(c) && depth == 0)
            {
                if (current.Length > 0) tokens.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    private static List<List<string>> SplitAlternatives(List<string> tokens)
    {
        var alternatives = new List<List<string>> { new() };
        foreach (var t in tokens)
            if (t == "|") alternatives.Add([]);
            else alternatives[^1].Add(t);
        return alternatives;
    }

    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null) { if (c == quote) quote = null; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static string Unquote(string token) => Quoted().Replace(token, "");

    [GeneratedRegex(@"^dotnet run (?:.* )?--project src/Jobs\.Cli/?(?: .*)? -- (?<rest>.*)$")]
    private static partial Regex DotnetRun();

    [GeneratedRegex(@"^\$ (?=jobs |dotnet )")]
    private static partial Regex Prompt();

    [GeneratedRegex(@"^jobs [a-z]")]
    private static partial Regex InlineCommand();

    [GeneratedRegex(@"(?<![\w-])--?[A-Za-z][\w-]*")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_.]*(\.\.\.)?$")]
    private static partial Regex PlaceholderWord();

    [GeneratedRegex(@"'[^']*'|""[^""]*""")]
    private static partial Regex Quoted();
}
