using System.Text;
using static Jobs.Dashboard.Charts.Svg;

namespace Jobs.Dashboard.Charts;

/// <summary>
/// Finished jobs per minute over the last hour as stacked bars (succeeded, failed, revoked), drawn on the server as SVG
/// that scales to the page's width; colours come from the stylesheet, so it follows the theme.
/// </summary>
internal static class ThroughputChart
{
    private const int Minutes = 60;
    private const double Width = 600, Height = 150, Left = 36, Bottom = 18, Top = 10;

    public static string Render(IReadOnlyList<ThroughputRow> rows, DateTimeOffset now)
    {
        var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var start = end.AddMinutes(-(Minutes - 1));
        var buckets = new (long S, long F, long R)[Minutes];
        foreach (var row in rows)
        {
            var i = (int)Math.Round((row.Minute.ToUniversalTime() - start).TotalMinutes);
            if (i is < 0 or >= Minutes) continue;
            buckets[i] = (buckets[i].S + row.Succeeded, buckets[i].F + row.Failed, buckets[i].R + row.Revoked);
        }
        var max = Math.Max(1, buckets.Max(b => b.S + b.F + b.R));
        var plotW = Width - Left;
        var plotH = Height - Bottom - Top;
        var barW = plotW / Minutes;
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-label=\"Finished jobs per minute, last hour\">");
        foreach (var f in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + plotH - f * plotH;
            svg.Append($"<line class=\"grid\" x1=\"{N(Left)}\" x2=\"{N(Width)}\" y1=\"{N(y)}\" y2=\"{N(y)}\"/>");
            svg.Append($"<text class=\"axis\" x=\"{N(Left - 4)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{N(Math.Round(f * max))}</text>");
        }
        for (var i = 0; i < Minutes; i++)
        {
            var (s, fl, r) = buckets[i];
            var x = Left + i * barW + barW * 0.1;
            var y = Top + plotH;
            foreach (var (count, css) in new[] { (s, "ok"), (fl, "bad"), (r, "off") })
            {
                if (count == 0) continue;
                var h = count / (double)max * plotH;
                y -= h;
                svg.Append($"<rect class=\"{css}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(barW * 0.8)}\" height=\"{N(h)}\">");
                svg.Append($"<title>{start.AddMinutes(i):HH:mm} UTC: {count} {css switch { "ok" => "succeeded", "bad" => "failed", _ => "revoked" }}</title></rect>");
            }
        }
        svg.Append($"<text class=\"axis\" x=\"{N(Left)}\" y=\"{N(Height - 4)}\">{start:HH:mm}</text>");
        svg.Append($"<text class=\"axis\" x=\"{N(Width)}\" y=\"{N(Height - 4)}\" text-anchor=\"end\">{end:HH:mm} UTC</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
