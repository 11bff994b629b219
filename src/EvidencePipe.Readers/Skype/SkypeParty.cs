using System.Buffers;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// Identifiers for what main.db stores as a party: a Skype Name (<c>gen.beringer</c>, <c>live:…</c>) is
/// <c>handle:skype:&lt;name&gt;</c> — the scheme the vCard reader already gives <c>X-SKYPE</c> and
/// <c>callto:</c> handles, so a contact card and the database name the same person alike — and a
/// SkypeOut/SMS target (<c>+34123456789</c>) is a telephone number, <c>tel:</c> E.164.
/// </summary>
internal static class SkypeParty
{
    public const string Service = "skype";

    /// <summary>The channel of Skype chat messages, calls and file transfers (the app's name, as Cellebrite reports are mapped).</summary>
    public const string Channel = Channels.Skype;

    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789 -");

    public static string? Of(string? raw, ReadContext context)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw.Trim();
        return IsNumber(value) ? context.Identify(value) : Identifier.ForHandle(Service, value);
    }

    /// <summary>A PSTN identity: a leading '+' and then only digits and spacing (Skype Names start with a letter).</summary>
    private static bool IsNumber(string value) =>
        value.Length > 1 && value[0] == '+' && value.AsSpan(1).IndexOfAnyExcept(NumberChars) < 0;
}
