using System.Text;

namespace EvidencePipe.Readers.Tango;

/// <summary>
/// The decoded <c>payload</c> of a Tango <c>messages</c> or <c>conversations</c> row: base64 text
/// (as plaso's Tango plugins and Autopsy's TangoMessageAnalyzer decode it) holding a Protocol
/// Buffers message. Those tools take the text as whatever follows the conversation id in the decoded
/// bytes; here the protobuf fields are read by number instead, which gives the same text without
/// the trailing field bytes. Field numbers (no .proto is published; each is cross-checked against a
/// column of the same row in the real sample): 2 = conversation id (= <c>conv_id</c>), 3 = type
/// (= <c>type</c>), 4 = text, 5 = media download URL, 7 = local media path, 10 = media id
/// (= <c>media_id</c>), 21 = the sender's profile (1 first name, 2 last name, 3 account id), 22 =
/// send time (= <c>send_time</c>), 29 = create time (= <c>create_time</c>), 76 = the notice text of
/// a "liked" item. A conversation payload's field 2 is a peer profile in the same shape as 21.
/// </summary>
internal sealed record TangoPayload(
    string? ConversationId,
    long? Type,
    string? Text,
    string? Notice,
    TangoPayload.Profile? Sender,
    string? MediaUrl,
    string? MediaPath,
    string? MediaId)
{
    /// <summary>Base64 text → protobuf; <see cref="FormatException"/> when either layer is broken.</summary>
    public static ReadOnlyMemory<byte> Decode(object? value)
    {
        var text = value switch
        {
            string s => s,
            byte[] b => Encoding.ASCII.GetString(b),
            null or DBNull => throw new FormatException("payload is NULL"),
            _ => throw new FormatException($"payload is a {value.GetType().Name}, not base64 text"),
        };
        return Convert.FromBase64String(text);
    }

    public static TangoPayload ParseMessage(ReadOnlyMemory<byte> bytes)
    {
        var f = ProtoFields.Parse(bytes);
        return new TangoPayload(
            f.String(2),
            f.Varint(3) is { } t ? (long)t : null,
            NonEmpty(f.String(4)),
            NonEmpty(f.String(76)),
            f.Message(21) is { } p ? Profile.Of(p) : null,
            NonEmpty(f.String(5)),
            NonEmpty(f.String(7)),
            NonEmpty(f.String(10)));
    }

    /// <summary>The peers of a conversation payload (field 2, repeated).</summary>
    public static List<Profile> ParsePeers(ReadOnlyMemory<byte> bytes) =>
        [.. ProtoFields.Parse(bytes).AllBytes(2).Select(b => Profile.Of(ProtoFields.Parse(b))).Where(p => p.AccountId is not null)];

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    internal sealed record Profile(string? AccountId, string? Name)
    {
        public static Profile Of(ProtoFields f)
        {
            var name = string.Join(' ', new[] { f.String(1), f.String(2) }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
            return new Profile(NonEmpty(f.String(3)), name.Length == 0 ? null : name);
        }
    }
}
