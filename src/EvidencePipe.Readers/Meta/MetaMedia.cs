using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// Media a message lists: <c>photos</c>, <c>videos</c>, <c>audio_files</c>, <c>files</c>,
/// <c>gifs</c> (arrays of <c>{"uri"}</c>), <c>sticker</c> (<c>{"uri"}</c>) and the encrypted
/// export's <c>media</c>. The uri is a path inside the export folder; the file itself is not in the
/// JSON, so size and hash are unknown here (0 and null, as for WhatsApp text exports).
/// </summary>
internal static class MetaMedia
{
    private static readonly string[] Lists = ["photos", "videos", "audio_files", "files", "gifs", "media"];

    public static IEnumerable<string> Uris(JsonElement message)
    {
        foreach (var list in Lists)
        {
            foreach (var item in message.Array(list))
            {
                if (item.String("uri") is { Length: > 0 } uri)
                {
                    yield return uri;
                }
            }
        }

        if (message.Property("sticker") is { ValueKind: JsonValueKind.Object } sticker && sticker.String("uri") is { Length: > 0 } stickerUri)
        {
            yield return stickerUri;
        }
    }

    public static IReadOnlyList<Attachment> Of(JsonElement message)
    {
        var list = new List<Attachment>();
        foreach (var uri in Uris(message))
        {
            var fixedUri = MetaText.Fix(uri) ?? uri;
            var slash = fixedUri.LastIndexOf('/');
            var name = slash < 0 ? fixedUri : fixedUri[(slash + 1)..];
            list.Add(new Attachment(name.Length == 0 ? null : name, Shared.MediaTypes.FromFileName(name), 0, null));
        }

        return list;
    }
}
