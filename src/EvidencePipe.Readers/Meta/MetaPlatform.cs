using EvidencePipe.Model;

namespace EvidencePipe.Readers.Meta;

/// <summary>Which Meta app wrote a "Download your information" messages file.</summary>
public enum MetaPlatform
{
    Messenger,
    Instagram,
}

internal static class MetaPlatforms
{
    public const string MessengerFormat = "messenger-json";
    public const string InstagramFormat = "instagram-json";

    public static string FormatOf(MetaPlatform platform) => platform == MetaPlatform.Instagram ? InstagramFormat : MessengerFormat;

    public static string ChannelOf(MetaPlatform platform) => platform == MetaPlatform.Instagram ? Channels.Instagram : Channels.Messenger;

    /// <summary>
    /// Media paths name the app: Instagram's export puts files under <c>your_instagram_activity/</c>,
    /// Facebook's under <c>your_facebook_activity/</c> (both since 2023; older exports wrote
    /// <c>messages/inbox/…</c> for both apps, which decides nothing).
    /// </summary>
    public static MetaPlatform? FromUri(string? uri)
    {
        if (uri is null)
        {
            return null;
        }

        if (uri.Contains("your_instagram_activity/", StringComparison.Ordinal))
        {
            return MetaPlatform.Instagram;
        }

        return uri.Contains("your_facebook_activity/", StringComparison.Ordinal) ? MetaPlatform.Messenger : null;
    }
}
