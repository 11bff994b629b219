using System.Text.RegularExpressions;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Recognises the text WhatsApp writes in place of media in a chat export. The media itself is not
/// in the text file (it is beside it in the export ZIP, or was left out), so the attachment has no
/// size or hash here: Size 0, Sha256 null.
/// </summary>
internal static partial class MediaPlaceholder
{
    // Android with media: "IMG-20211120-WA0002.jpg (file attached)" in the exporting phone's language.
    private const string AttachedPattern =
        @"^(?<name>.+?) \((?:file attached|Datei angehängt|archivo adjunto|fichier joint|file allegato|bestand bijgevoegd|arquivo anexado|ficheiro anexado)\)$";

    // iOS with media: "<attached: 00000012-PHOTO-2020-06-30-09-10-00.jpg>".
    private const string IosAttachedPattern = "^<(?:attached|Anhang|adjunto|pièce jointe|allegato|anexo): (?<name>[^<>]+)>$";

    // Exports made "without media": Android "<Media omitted>", iOS "image omitted" / "Bild weggelassen".
    private const string OmittedPattern =
        "^(?:<(?:Media omitted|Medien ausgeschlossen|Multimedia omitido|Médias omis|Media omessi|Media weggelaten|Mídia oculta|Arquivo de mídia oculto)>"
        + "|(?:image|video|audio|sticker|GIF|document|Contact card) omitted"
        + "|(?:Bild|Video|Audio|Sticker|GIF|Dokument) weggelassen)$";

    public static Attachment? Detect(ReadOnlySpan<char> firstLine)
    {
        // Every placeholder above ends in ')', '>', "omitted" or "weggelassen": checking the last
        // character first spares ordinary messages three regular expression matches and a string.
        var trimmed = firstLine.Trim();
        if (trimmed.IsEmpty || trimmed[^1] is not (')' or '>' or 'd' or 'n'))
        {
            return null;
        }

        var line = trimmed.ToString();
        var match = AttachedRegex().Match(line);
        if (!match.Success)
        {
            match = IosAttachedRegex().Match(line);
        }

        if (match.Success)
        {
            var name = match.Groups["name"].Value.Trim();
            return new Attachment(name, MediaTypes.FromFileName(name), 0, null);
        }

        return OmittedRegex().IsMatch(line) ? new Attachment(null, null, 0, null) : null;
    }

    [GeneratedRegex(AttachedPattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex AttachedRegex();

    [GeneratedRegex(IosAttachedPattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex IosAttachedRegex();

    [GeneratedRegex(OmittedPattern, RegexOptions.CultureInvariant)]
    private static partial Regex OmittedRegex();
}
