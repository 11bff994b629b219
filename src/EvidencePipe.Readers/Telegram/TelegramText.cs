using System.Text;
using System.Text.Json;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// Message text. tdesktop writes <c>text</c> as a plain string when the message has no formatting,
/// otherwise as an array of plain strings and entity objects <c>{"type","text"[,"href"]}</c> whose
/// texts, concatenated, are the message (export_output_json.cpp <c>SerializeText</c>). The parts are
/// joined with nothing between them — they are consecutive pieces of one string — and a
/// <c>text_link</c>'s hidden target is kept after its text, since the URL is evidence.
/// </summary>
internal static class TelegramText
{
    public static string? Of(JsonElement message)
    {
        var text = Flatten(message.Property("text"));
        if (string.IsNullOrEmpty(text))
        {
            text = Flatten(message.Property("text_entities"));
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static string? Flatten(JsonElement? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (var part in v.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                sb.Append(part.GetString());
            }
            else if (part.ValueKind == JsonValueKind.Object)
            {
                var text = part.String("text") ?? string.Empty;
                sb.Append(text);
                if (part.String("href") is { Length: > 0 } href && !string.Equals(href, text, StringComparison.Ordinal))
                {
                    sb.Append(" <").Append(href).Append('>');
                }
            }
        }

        return sb.ToString();
    }
}
