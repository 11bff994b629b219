namespace EvidencePipe.Reading;

/// <summary>Recognises a format from the first bytes of a file — by content, never by extension.</summary>
public interface IFormatSniffer
{
    /// <summary>Stable format name recorded with every source and event (<c>sms-backup-xml</c>).</summary>
    string Format { get; }

    /// <param name="head">Up to <see cref="SniffBuffer.HeadLength"/> leading bytes of the file.</param>
    bool Matches(ReadOnlySpan<byte> head);
}

public static class SniffBuffer
{
    public const int HeadLength = 8192;
}
