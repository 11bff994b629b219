using System.Text;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// The chat partner or group name that WhatsApp puts in the export's file name:
/// "WhatsApp Chat with X.txt" (English), "WhatsApp Chat mit X.txt" (German), "WhatsApp Chat - X.txt"
/// (newer Android), "WhatsApp Chat con X.txt" (Spanish/Italian), "WhatsApp Chat com X.txt" (Portuguese).
/// iOS names its file "_chat.txt", which names no one.
/// </summary>
internal static partial class ChatName
{
    private const string FileNamePattern = @"^WhatsApp[ _]Chat(?: (?:with|mit|con|com|met|avec)| -) (?<name>.+?)(?:\.txt)?$";

    public static string? FromFileName(string fileName)
    {
        var match = FileNameRegex().Match(fileName);
        if (!match.Success)
        {
            return null;
        }

        // macOS stores file names decomposed (NFD); message text is composed (NFC).
        var name = WhatsAppText.Clean(match.Groups["name"].Value).Trim().Normalize(NormalizationForm.FormC);
        return name.Length == 0 ? null : name;
    }

    [GeneratedRegex(FileNamePattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex FileNameRegex();
}
