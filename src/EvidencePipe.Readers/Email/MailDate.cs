namespace EvidencePipe.Readers.Email;

/// <summary>A date read from a header: the instant and whether the source stated its UTC offset.</summary>
public readonly record struct MailDateValue(DateTimeOffset Value, bool HasZone);

/// <summary>
/// Parses RFC 5322 §3.3 dates (<c>Tue, 1 Jul 2003 10:52:37 +0200</c>) and the obsolete and broken
/// forms found in real mail (§4.3 two- and three-digit years and zone names; missing day-of-week or
/// comma; one-digit hours; fractional seconds; <c>+02:00</c>, <c>GMT+0200</c>, unsigned <c>0000</c>
/// zones; full month names; C <c>asctime</c> order as in mbox <c>From_</c> lines). Values that do not
/// name a real calendar time (hour 27) are rejected, never guessed.
/// </summary>
public static class MailDate
{
    private static readonly System.Buffers.SearchValues<char> DigitsAndDash = System.Buffers.SearchValues.Create("0123456789-");
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] FullMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static bool TryParse(string? text, out MailDateValue result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Tokenise: words, numbers, times (h:m[:s[.f]]), zones (+hhmm); comments are dropped.
        int? day = null, month = null, year = null;
        int hour = -1, minute = -1, second = 0;
        TimeSpan? zone = null;
        TimeSpan? namedZone = null;
        var tokens = Tokenise(text);
        foreach (var token in tokens)
        {
            if (token.Contains(':', StringComparison.Ordinal) && hour < 0 && char.IsAsciiDigit(token[0]))
            {
                if (!ParseTime(token, out hour, out minute, out second))
                {
                    return false;
                }

                continue;
            }

            if (token[0] is '+' or '-' && token.Length >= 3 && IsDigitsAndColons(token.AsSpan(1)))
            {
                if (zone is null)
                {
                    zone = ParseNumericZone(token);
                    if (zone is null)
                    {
                        return false; // "+9999": a zone that names no offset
                    }
                }

                continue;
            }

            if (char.IsAsciiDigit(token[0]))
            {
                if (token.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
                {
                    // ISO-8601 "2012-07-17"?
                    if (TryIsoDate(token, out var y, out var mo, out var d))
                    {
                        (year, month, day) = (y, mo, d);
                    }

                    continue;
                }

                var n = int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
                if (hour >= 0 && zone is null && token.Length == 4 && year is not null)
                {
                    // "... 22:23:35.882 0000": an unsigned numeric zone.
                    zone = ParseNumericZone("+" + token);
                }
                else if (day is null && token.Length <= 2 && month is null)
                {
                    day = n;
                }
                else if (day is null && token.Length <= 2 && year is null)
                {
                    day = n;
                }
                else if (year is null)
                {
                    year = token.Length switch
                    {
                        // RFC 5322 §4.3: 2-digit years 00-49 are 20xx, 50-99 are 19xx; 3-digit years add 1900.
                        <= 2 => n < 50 ? 2000 + n : 1900 + n,
                        3 => 1900 + n,
                        _ => n,
                    };
                }

                continue;
            }

            var lower = token.ToLowerInvariant();
            if (lower.Length >= 3 && month is null && Array.IndexOf(Months, lower[..3]) is var m and >= 0 && IsMonthWord(lower, m))
            {
                month = m + 1;
                continue;
            }

            if (namedZone is null && hour >= 0 && ZoneName(lower) is { } named)
            {
                namedZone = named; // a numeric offset, if any, wins ("GMT+0100")
            }
        }

        zone ??= namedZone;
        if (day is null || month is null || year is null || hour < 0)
        {
            return false;
        }

        if (year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year.Value, month.Value) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        // RFC 5322 §3.3: a leap second 60 is allowed; keep the instant one second earlier.
        var local = new DateTime(year.Value, month.Value, day.Value, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        if (zone is { } offset && (offset.Duration() > TimeSpan.FromHours(14)))
        {
            return false;
        }

        result = new MailDateValue(new DateTimeOffset(local, zone ?? TimeSpan.Zero), zone is not null);
        return true;
    }

    private static bool IsMonthWord(string lower, int month)
    {
        // "mar" and "march", "sept": accept abbreviations and full names, not arbitrary words starting alike.
        return lower.Length == 3 || FullMonths[month].StartsWith(lower, StringComparison.Ordinal) || lower == "sept";
    }

    private static bool IsDigitsAndColons(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c != ':')
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> Tokenise(string text)
    {
        var tokens = new List<string>(8); // "Mon, 01 Jan 2024 00:05:26 +0000 (UTC)" is six
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c == '(')
            {
                Close(i);
                depth++;
                continue;
            }

            if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (depth > 0)
            {
                continue;
            }

            var separator = char.IsWhiteSpace(c) || c == ',' || (c is '+' or '-' && start >= 0 && !IsIsoDateSoFar(text, start, i));
            if (separator)
            {
                Close(i);
                if (c is '+' or '-')
                {
                    start = i;
                }

                continue;
            }

            if (start < 0)
            {
                start = i;
            }
        }

        return tokens;

        void Close(int end)
        {
            if (start >= 0 && end > start)
            {
                var token = text[start..end];
                // "GMT+0200" was split at '+': the zone name is then dropped and the number wins.
                tokens.Add(token.TrimEnd('.'));
            }

            start = -1;
        }
    }

    private static bool IsIsoDateSoFar(string text, int start, int i) =>
        i - start is 4 or 7 && text.AsSpan(start, i - start).IndexOfAnyExcept(DigitsAndDash) < 0 && text[i] == '-';

    private static bool TryIsoDate(string token, out int year, out int month, out int day)
    {
        year = month = day = 0;
        var parts = token.Split('-');
        return parts.Length == 3
            && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out year)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out month)
            && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out day)
            && parts[0].Length == 4 && month is >= 1 and <= 12;
    }

    private static bool ParseTime(string token, out int hour, out int minute, out int second)
    {
        hour = minute = -1;
        second = 0;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var parts = (dot >= 0 ? token[..dot] : token).Split(':');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hour)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out minute))
        {
            return false;
        }

        return parts.Length == 2 || int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out second);
    }

    private static TimeSpan? ParseNumericZone(string token)
    {
        var sign = token[0] == '-' ? -1 : 1;
        var digits = token[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits.Length == 3)
        {
            digits = "0" + digits; // "-600": a zone with its leading zero dropped
        }

        if (digits.Length is not (2 or 4) || !int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var (h, m) = digits.Length == 2 ? (n, 0) : (n / 100, n % 100);
        return m > 59 ? null : sign * new TimeSpan(h, m, 0);
    }

    /// <summary>RFC 5322 §4.3 obsolete zone names; military single letters are treated as unknown (-0000) there, so as UTC here.</summary>
    private static TimeSpan? ZoneName(string lower) => lower switch
    {
        "ut" or "utc" or "gmt" or "z" or "wet" => TimeSpan.Zero,
        "edt" => TimeSpan.FromHours(-4),
        "est" or "cdt" => TimeSpan.FromHours(-5),
        "cst" or "mdt" => TimeSpan.FromHours(-6),
        "mst" or "pdt" => TimeSpan.FromHours(-7),
        "pst" => TimeSpan.FromHours(-8),
        "bst" or "cet" or "met" => TimeSpan.FromHours(1),
        "cest" or "eet" or "mest" => TimeSpan.FromHours(2),
        "eest" => TimeSpan.FromHours(3),
        "jst" => TimeSpan.FromHours(9),
        { Length: 1 } when lower[0] is >= 'a' and <= 'z' && lower[0] != 'j' => TimeSpan.Zero,
        _ => null,
    };
}
