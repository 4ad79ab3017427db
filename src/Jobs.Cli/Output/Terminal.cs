using Spectre.Console;
using Spectre.Console.Rendering;

namespace Jobs.Cli.Output;

/// <summary>Human output through Spectre.Console. Redirected output gets a wide, colourless profile so tables do not wrap ids.</summary>
internal static class Terminal
{
    public static void Configure()
    {
        if (!Console.IsOutputRedirected) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        AnsiConsole.Profile.Width = 240;
    }

    /// <summary>A table whose cells are plain text (never parsed as markup).</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) table.AddColumn(new TableColumn(new Text(c)));
        return table;
    }

    public static void AddCells(this Table table, params object?[] cells)
        => table.AddRow(cells.Select(c => (IRenderable)new Text(c?.ToString() ?? "")).ToArray());

    /// <summary>A right-aligned numeric column.</summary>
    public static Table Numeric(this Table table, params int[] columns)
    {
        foreach (var i in columns) table.Columns[i].RightAligned();
        return table;
    }

    public static void Write(IRenderable renderable) => AnsiConsole.Write(renderable);

    public static void Line(string text)
    {
        Console.Out.WriteLine(text);
        Console.Out.Flush();
    }
}
