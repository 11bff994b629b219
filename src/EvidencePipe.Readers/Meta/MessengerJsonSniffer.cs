using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// A Meta conversation file that does not show itself as Instagram in its first 8 KiB. Most such
/// files are Messenger; the reader looks at the whole file and refines the format to
/// <c>instagram-json</c> when its media paths say so, or notes that the app could not be confirmed.
/// </summary>
public sealed class MessengerJsonSniffer : IFormatSniffer
{
    public string Format => MetaPlatforms.MessengerFormat;

    public bool Matches(ReadOnlySpan<byte> head) => MetaSniffing.LooksLikeConversation(head);
}
