using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Turns an HTML body into plain text for indexing: AngleSharp parses it as a browser would (HTML
/// Living Standard §13.2), script/style/head content is dropped, block elements and <c>br</c> become
/// line breaks, and runs of spaces collapse.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "noscript", "template", "title" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "ul", "ol", "section", "article", "header", "footer", "dt", "dd",
    };

    /// <summary>A parser per thread: building one sets up a whole browsing context, far dearer than a parse.</summary>
    [ThreadStatic]
    private static HtmlParser? _parser;

    public static string ToText(string html)
    {
        _parser ??= new HtmlParser();
        using var document = _parser.ParseDocument(html);
        var sb = new StringBuilder(html.Length / 2);
        Walk(document.DocumentElement, sb);
        return Tidy(sb);
    }

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    sb.Append(text.Data);
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                case IElement element:
                    var block = Blocks.Contains(element.LocalName);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    if (element.LocalName is "td" or "th")
                    {
                        sb.Append(' ');
                    }

                    Walk(element, sb);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    break;
            }
        }
    }

    /// <summary>Collapses spaces within lines and blank-line runs to one empty line.</summary>
    private static string Tidy(StringBuilder sb)
    {
        var output = new StringBuilder(sb.Length);
        var space = false;
        var newlines = 0;
        for (var i = 0; i < sb.Length; i++)
        {
            var c = sb[i];
            if (c == '\n')
            {
                newlines++;
                space = false;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (output.Length > 0)
            {
                if (newlines > 0)
                {
                    output.Append(newlines > 1 ? "\n\n" : "\n");
                }
                else if (space)
                {
                    output.Append(' ');
                }
            }

            newlines = 0;
            space = false;
            output.Append(c);
        }

        return output.ToString();
    }
}
