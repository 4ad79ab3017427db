using System.Globalization;
using System.Net;

namespace Jobs.Dashboard.Charts;

/// <summary>Small helpers for server-rendered SVG: invariant numbers, escaped text.</summary>
internal static class Svg
{
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");
}
