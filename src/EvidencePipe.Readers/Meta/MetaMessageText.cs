using System.Text.Json;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// A message's searchable text: <c>content</c> (or the encrypted export's <c>text</c>), then on their
/// own lines a shared link (<c>share.link</c>, <c>share.share_text</c>), reactions
/// (<c>[reaction ❤ by Jane Doe]</c> — a reaction is an act by that person, but the export gives it no
/// time of its own) and <c>[unsent]</c> when the sender withdrew it. All mojibake-repaired.
/// </summary>
internal static class MetaMessageText
{
    public static string? Of(JsonElement message)
    {
        var lines = new List<string>(3);
        if (MetaText.Fix(message.String("content") ?? message.String("text")) is { Length: > 0 } content)
        {
            lines.Add(content);
        }

        if (message.Property("share") is { ValueKind: JsonValueKind.Object } share)
        {
            var link = MetaText.Fix(share.String("link"));
            var shareText = MetaText.Fix(share.String("share_text"));
            if (!string.IsNullOrEmpty(link) && !lines.Contains(link))
            {
                lines.Add("[shared] " + link);
            }

            if (!string.IsNullOrEmpty(shareText))
            {
                lines.Add("[shared text] " + shareText);
            }
        }

        foreach (var reaction in message.Array("reactions"))
        {
            var emoji = MetaText.Fix(reaction.String("reaction"));
            var actor = MetaText.Fix(reaction.String("actor"));
            lines.Add($"[reaction {emoji} by {actor}]");
        }

        if (message.Property("is_unsent")?.ValueKind == JsonValueKind.True || message.Property("isUnsent")?.ValueKind == JsonValueKind.True)
        {
            lines.Add("[unsent]");
        }

        return lines.Count == 0 ? null : string.Join('\n', lines);
    }
}
