namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// WhatsApp records each media file's SHA-256 as base64 (message_media.file_hash, legacy
/// messages.media_hash): converted to the lower-case hex used everywhere else, or null when the
/// value is not a base64 32-byte digest.
/// </summary>
internal static class MediaHash
{
    public static string? ToHex(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[48];
        return Convert.TryFromBase64String(base64.Trim(), digest, out var written) && written == 32
            ? Convert.ToHexStringLower(digest[..32])
            : null;
    }
}
