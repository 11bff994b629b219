using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// An Instagram conversation file: a Meta conversation (<see cref="MetaSniffing"/>) whose head shows
/// a media path under <c>your_instagram_activity/</c>. Register before <see cref="MessengerJsonSniffer"/>,
/// which takes every other Meta conversation.
/// </summary>
public sealed class InstagramJsonSniffer : IFormatSniffer
{
    public string Format => MetaPlatforms.InstagramFormat;

    public bool Matches(ReadOnlySpan<byte> head) =>
        MetaSniffing.LooksLikeConversation(head) && head.IndexOf("your_instagram_activity/"u8) >= 0;
}
