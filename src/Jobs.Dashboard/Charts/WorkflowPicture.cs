using System.Text;
using static Jobs.Dashboard.Charts.Svg;

namespace Jobs.Dashboard.Charts;

/// <summary>
/// A job's workflow neighbourhood drawn left to right: the workflow's root, the parent, the job with its group's other
/// members, then what its end releases (children, a chord's callbacks). Each box links to its job and is coloured by state.
/// </summary>
internal static class WorkflowPicture
{
    private const double BoxW = 170, BoxH = 40, GapX = 50, GapY = 12, Pad = 8;

    public static string? Render(JobDetail detail, Func<Guid, string> link)
    {
        if (detail.Relatives.Count == 0) return null;
        var job = detail.Job;
        var columns = new List<List<(JobInfo Job, bool Self)>>();
        if (detail.Root is { } root && root.Id != detail.Parent?.Id) columns.Add([(root, false)]);
        if (detail.Parent is { } parent) columns.Add([(parent, false)]);
        columns.Add([(job, true), .. detail.GroupMembers.Select(m => (m, false))]);
        var after = detail.Children.Concat(detail.Callbacks).Select(j => (j, false)).ToList();
        if (after.Count > 0) columns.Add(after);

        var rows = columns.Max(c => c.Count);
        var width = Pad * 2 + columns.Count * BoxW + (columns.Count - 1) * GapX;
        var height = Pad * 2 + rows * BoxH + (rows - 1) * GapY;
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"workflow\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" role=\"img\" aria-label=\"Workflow\">");
        var centers = new List<List<(double X, double Y)>>();
        for (var c = 0; c < columns.Count; c++)
        {
            var x = Pad + c * (BoxW + GapX);
            var top = Pad + (rows - columns[c].Count) * (BoxH + GapY) / 2;
            centers.Add(columns[c].Select((_, r) => (x, top + r * (BoxH + GapY))).ToList());
        }
        for (var c = 1; c < columns.Count; c++)
            foreach (var (fx, fy) in centers[c - 1])
                foreach (var (tx, ty) in centers[c])
                    svg.Append($"<path class=\"edge\" d=\"M{N(fx + BoxW)} {N(fy + BoxH / 2)} C{N(fx + BoxW + GapX / 2)} {N(fy + BoxH / 2)} {N(tx - GapX / 2)} {N(ty + BoxH / 2)} {N(tx)} {N(ty + BoxH / 2)}\"/>");
        for (var c = 0; c < columns.Count; c++)
            for (var r = 0; r < columns[c].Count; r++)
            {
                var (j, self) = columns[c][r];
                var (x, y) = centers[c][r];
                svg.Append($"<a href=\"{Text(link(j.Id))}\"><rect class=\"node s-{j.State.ToLowerInvariant()}{(self ? " self" : "")}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(BoxW)}\" height=\"{N(BoxH)}\" rx=\"6\"/>");
                svg.Append($"<text x=\"{N(x + 8)}\" y=\"{N(y + 16)}\" class=\"node-task\">{Text(Short(j.Task))}</text>");
                svg.Append($"<text x=\"{N(x + 8)}\" y=\"{N(y + 31)}\" class=\"node-state\">{Text(j.State)} · {Text(j.Id.ToString()[^8..])}</text></a>");
            }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Short(string text) => text.Length <= 22 ? text : text[..21] + "…";
}
