namespace EvidencePipe.Readers.Shared;

/// <summary>
/// Media types for attachments known only by name (WhatsApp placeholders, Messenger/Instagram and
/// Telegram media paths), shared by those readers.
/// </summary>
internal static class MediaTypes
{
    /// <summary>A media type guessed from the file name's extension (IANA registrations); null when unknown.</summary>
    public static string? FromFileName(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot < 0 || dot == name.Length - 1)
        {
            return null;
        }

        return name[(dot + 1)..].ToLowerInvariant() switch
        {
            "jpg" or "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "heic" => "image/heic",
            "mp4" => "video/mp4",
            "3gp" => "video/3gpp",
            "mov" => "video/quicktime",
            "opus" or "ogg" => "audio/ogg",
            "m4a" => "audio/mp4",
            "aac" => "audio/aac",
            "mp3" => "audio/mpeg",
            "amr" => "audio/amr",
            "pdf" => "application/pdf",
            "vcf" => "text/vcard",
            "txt" => "text/plain",
            "doc" => "application/msword",
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "zip" => "application/zip",
            _ => null,
        };
    }
}
