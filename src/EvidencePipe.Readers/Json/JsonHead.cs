using System.Text.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Json;

/// <summary>Sniffing support: walks the (usually cut-off) first bytes of a file as far as they are valid JSON.</summary>
public static class JsonHead
{
    /// <summary>
    /// True when the head starts like a JSON object (after white space and a UTF-8 BOM). Cheap
    /// pre-check so that sniffers for JSON formats never walk text or binary files.
    /// </summary>
    public static bool StartsWithObject(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var trimmed = head.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{' && !TextSniffing.LooksBinary(head);
    }

    /// <summary>
    /// Walks the head: <paramref name="decide"/> chooses per value, and every value it captures
    /// (scalars, normally) is shown to <paramref name="seen"/>. Stops quietly where the head ends or
    /// stops being JSON, or as soon as <paramref name="seen"/> returns false.
    /// </summary>
    public static void Walk(ReadOnlySpan<byte> head, Func<JsonPath, JsonTokenType, JsonAction> decide, Func<JsonPath, JsonElement, bool> seen)
    {
        using var stream = new MemoryStream(head.ToArray(), writable: false);
        using var walker = new JsonStreamWalker(stream, decide, SniffBuffer.HeadLength, headOnly: true);
        while (walker.Next() is { Kind: JsonStepKind.Value, Value: { } document })
        {
            using (document)
            {
                if (!seen(walker.Path, document.RootElement))
                {
                    return;
                }
            }
        }
    }
}
