using System.Globalization;
using System.Net;
using System.Text;
using EvidencePipe.Analysis;

namespace EvidencePipe.Reports;

/// <summary>
/// An inline SVG bar chart of a person's contact per day (per week when the span is long), stacked
/// by channel, with dated markers for refusals, blocks, orders, threats and the onset.
/// </summary>
internal static class ContactChart
{
    private const int Width = 960;
    private const int Height = 260;
    private const int Left = 44;
    private const int Bottom = 40;
    private const int Top = 28;

    public static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"];

    public static string Render(ContactReport report, IReadOnlyList<string> channels)
    {
        var first = report.Daily.Count > 0 ? report.Daily[0].Day : DateOnly.FromDateTime(report.First.UtcDateTime);
        var last = report.Daily.Count > 0 ? report.Daily[^1].Day : first;
        var spanDays = last.DayNumber - first.DayNumber + 1;
        var bucketDays = spanDays > 180 ? 7 : 1;
        var buckets = (spanDays + bucketDays - 1) / bucketDays;
        var counts = new int[buckets, channels.Count];
        foreach (var d in report.Daily)
        {
            var b = (d.Day.DayNumber - first.DayNumber) / bucketDays;
            counts[b, IndexOf(channels, d.Channel)] += d.Incoming + d.Outgoing;
        }

        var max = 1;
        for (var b = 0; b < buckets; b++)
        {
            var sum = 0;
            for (var c = 0; c < channels.Count; c++)
            {
                sum += counts[b, c];
            }

            max = Math.Max(max, sum);
        }

        var plotW = Width - Left - 10.0;
        var plotH = Height - Top - Bottom;
        var barW = plotW / buckets;
        double X(DateOnly day) => Left + (day.DayNumber - first.DayNumber) / (double)bucketDays * barW;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"contact per {(bucketDays == 1 ? "day" : "week")} by channel\">");
        sb.Append(ci, $"<text x=\"{Left}\" y=\"14\" font-size=\"12\" fill=\"#333\">contacts per {(bucketDays == 1 ? "day" : "week")} (case time), max {max}</text>");
        sb.Append(ci, $"<line x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{Width - 10}\" y2=\"{Top + plotH}\" stroke=\"#999\"/>");
        for (var b = 0; b < buckets; b++)
        {
            double y = Top + plotH;
            for (var c = 0; c < channels.Count; c++)
            {
                if (counts[b, c] == 0)
                {
                    continue;
                }

                var h = counts[b, c] / (double)max * plotH;
                y -= h;
                sb.Append(ci, $"<rect x=\"{Left + b * barW:0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(0.5, barW - 0.5):0.##}\" height=\"{h:0.##}\" fill=\"{Palette[c % Palette.Length]}\"><title>{first.AddDays(b * bucketDays):yyyy-MM-dd} {WebUtility.HtmlEncode(channels[c])}: {counts[b, c]}</title></rect>");
            }
        }

        // Month ticks.
        for (var d = new DateOnly(first.Year, first.Month, 1); d <= last; d = d.AddMonths(1))
        {
            if (d < first)
            {
                continue;
            }

            sb.Append(ci, $"<text x=\"{X(d):0.##}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" fill=\"#555\">{d:MMM yyyy}</text>");
        }

        var markerRow = 0;
        foreach (var m in report.Markers.Where(m => m.Kind != "threat").Concat(report.Markers.Where(m => m.Kind == "threat").Take(1)))
        {
            var x = X(m.Day);
            var colour = m.Kind switch
            {
                "onset" => "#d62728",
                "refusal" => "#2ca02c",
                "block" => "#000",
                "threat" => "#d62728",
                _ => "#9467bd",
            };
            sb.Append(ci, $"<line x1=\"{x:0.##}\" y1=\"{Top}\" x2=\"{x:0.##}\" y2=\"{Top + plotH}\" stroke=\"{colour}\" stroke-dasharray=\"4 3\"><title>{m.Day:yyyy-MM-dd} {WebUtility.HtmlEncode(m.Label)}</title></line>");
            sb.Append(ci, $"<text x=\"{x + 2:0.##}\" y=\"{Top + 10 + (markerRow++ % 4) * 11}\" font-size=\"10\" fill=\"{colour}\">{WebUtility.HtmlEncode(m.Kind == "threat" ? "first threat" : m.Kind)} {m.Day:dd MMM}</text>");
        }

        var lx = Left;
        for (var c = 0; c < channels.Count; c++)
        {
            sb.Append(ci, $"<rect x=\"{lx}\" y=\"{Height - 16}\" width=\"10\" height=\"10\" fill=\"{Palette[c % Palette.Length]}\"/><text x=\"{lx + 14}\" y=\"{Height - 7}\" font-size=\"11\">{WebUtility.HtmlEncode(channels[c])}</text>");
            lx += 24 + channels[c].Length * 7;
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return 0;
    }
}
