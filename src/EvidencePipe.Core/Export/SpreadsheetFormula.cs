namespace EvidencePipe.Export;

/// <summary>
/// Keeps suspect-controlled text from running as a formula when a CSV is opened in a spreadsheet
/// ("CSV injection", OWASP: https://owasp.org/www-community/attacks/CSV_Injection). A cell whose first
/// character is <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, TAB or CR is prefixed with an apostrophe, which
/// Excel, LibreOffice and Google Sheets read as "this cell is text" — so <c>=HYPERLINK(…)</c> is shown,
/// never evaluated. The one exception is a cell that is only a signed decimal number (<c>-0.1278</c>)
/// or a UTC offset (<c>-05:00</c>): such a cell cannot name a function or a reference, and prefixing it
/// would turn our own coordinates and offsets into text. Public so every CSV writer (export, manifest,
/// chronology) neutralises the same way.
/// </summary>
public static class SpreadsheetFormula
{
    /// <summary>The cell as a spreadsheet will show it as text: unchanged unless it could start a formula.</summary>
    public static string? Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell) || !StartsLikeFormula(cell) || IsPlainNumber(cell) || IsUtcOffset(cell))
        {
            return cell;
        }

        return "'" + cell;
    }

    /// <summary>True when a spreadsheet could read the cell as a formula (its first character is one of = + - @ TAB CR).</summary>
    public static bool StartsLikeFormula(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool IsPlainNumber(string cell)
    {
        var i = cell[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        var dot = false;
        for (; i < cell.Length; i++)
        {
            var c = cell[i];
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.' && !dot && digits > 0)
            {
                dot = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && cell[^1] != '.';
    }

    private static bool IsUtcOffset(string cell) =>
        cell.Length == 6 && cell[0] is '+' or '-' && char.IsAsciiDigit(cell[1]) && char.IsAsciiDigit(cell[2]) && cell[3] == ':'
        && char.IsAsciiDigit(cell[4]) && char.IsAsciiDigit(cell[5]);
}
