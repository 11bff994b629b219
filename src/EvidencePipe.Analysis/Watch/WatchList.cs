using System.Globalization;
using System.Text;
using EvidencePipe.Identifiers;

namespace EvidencePipe.Analysis.Watch;

/// <summary>What was found for one watched term: how many events mention it, the first and last, and the first events.</summary>
public sealed record WatchHit(string Term, string Kind, int Events, DateTimeOffset? First, DateTimeOffset? Last, IReadOnlyList<string> Evidence);

/// <summary>
/// <c>contacts --watch ID|PHRASE…</c>: every event that mentions one of the victim's details — a number,
/// an e-mail address, a workplace, a vehicle registration — as a party to it or in its text. A term
/// that reads as a number or e-mail address, or is written <c>tel:</c>/<c>email:</c>/<c>handle:</c>/<c>name:</c>, is an <b>identifier</b>: an event mentions it when it is
/// the sender or a recipient, or when its text holds the address (a number as its last nine digits,
/// however spaced, so <c>07700 900444</c>, <c>07700900444</c> and <c>+44 7700 900444</c> all match).
/// Any other term is a <b>phrase</b>, matched case-insensitively, also with spaces ignored
/// (<c>AB12 CDE</c> = <c>AB12CDE</c>). Streams; keeps the first <see cref="Cap"/> event ids per term.
/// </summary>
public sealed class WatchList
{
    public const int Cap = 500;
    private readonly List<Term> _terms;

    public WatchList(IEnumerable<string> terms, PhoneRegion region) =>
        _terms = [.. terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Term.Of(t.Trim(), region))];

    public void Observe(in AnalysisEvent e)
    {
        string? squeezed = null;
        string? digits = null;
        foreach (var t in _terms)
        {
            var hit = t.Identifier is { } id && (e.From == id || e.To.Contains(id, StringComparer.Ordinal));
            if (!hit && e.Text is { Length: > 0 } text)
            {
                if (t.Digits is { } d)
                {
                    digits ??= Digits(text);
                    hit = digits.Contains(d, StringComparison.Ordinal);
                }
                else
                {
                    hit = CultureInfo.InvariantCulture.CompareInfo.IndexOf(text, t.Text, CompareOptions.IgnoreCase) >= 0;
                    if (!hit && t.Squeezed.Length > 0)
                    {
                        squeezed ??= Squeeze(text);
                        hit = CultureInfo.InvariantCulture.CompareInfo.IndexOf(squeezed, t.Squeezed, CompareOptions.IgnoreCase) >= 0;
                    }
                }
            }

            if (hit)
            {
                t.Count++;
                t.FirstMs ??= e.TimeMs;
                t.LastMs = e.TimeMs;
                if (t.Ids.Count < Cap)
                {
                    t.Ids.Add(e.Id);
                }
            }
        }
    }

    public IReadOnlyList<WatchHit> Results() =>
        [.. _terms.Select(t => new WatchHit(t.Text, t.Identifier is null ? "phrase" : "identifier", t.Count,
            t.FirstMs is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            t.LastMs is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null,
            t.Ids))];

    /// <summary>Runs of digits with the spaces, dashes, dots and brackets people put inside numbers removed.</summary>
    private static string Digits(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                sb.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+'))
            {
                sb.Append('|');
            }
        }

        return sb.ToString();
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private sealed class Term
    {
        public required string Text { get; init; }

        public string? Identifier { get; init; }

        /// <summary>For a number: its last nine digits, sought in the text.</summary>
        public string? Digits { get; init; }

        public string Squeezed { get; init; } = string.Empty;

        public int Count { get; set; }

        public long? FirstMs { get; set; }

        public long LastMs { get; set; }

        public List<string> Ids { get; } = [];

        public static Term Of(string text, PhoneRegion region)
        {
            var scheme = text.StartsWith(Identifiers.Identifier.Tel, StringComparison.OrdinalIgnoreCase) || text.StartsWith(Identifiers.Identifier.Email, StringComparison.OrdinalIgnoreCase) || text.StartsWith(Identifiers.Identifier.Handle, StringComparison.OrdinalIgnoreCase)
                || text.StartsWith(Identifiers.Identifier.Name, StringComparison.OrdinalIgnoreCase);
            var email = text.Contains('@', StringComparison.Ordinal) && !text.Contains(' ', StringComparison.Ordinal);
            var phone = text.Count(char.IsAsciiDigit) >= 7 && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+');
            if (!scheme && !email && !phone)
            {
                var squeezed = Squeeze(text);
                return new Term { Text = text, Squeezed = squeezed };
            }

            var id = Identifiers.Identifier.Parse(text, region) ?? text;
            string? digits = null;
            if (id.StartsWith(Identifiers.Identifier.Tel, StringComparison.Ordinal))
            {
                var all = new string([.. id.Where(char.IsAsciiDigit)]);
                digits = all.Length >= 9 ? all[^9..] : all;
            }

            return new Term { Text = text, Identifier = id, Digits = digits, Squeezed = string.Empty };
        }
    }
}
