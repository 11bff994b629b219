using EvidencePipe.Model;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Channels of media events. <c>image</c> is <see cref="Channels.Image"/>; <c>video</c> and
/// <c>screenshot</c> are not in the core list yet, so they live here until they are.
/// </summary>
public static class MediaChannels
{
    public const string Image = Channels.Image;
    public const string Video = "video";

    /// <summary>A picture of a screen: the name or a tag says so (not merely a PNG without camera data).</summary>
    public const string Screenshot = "screenshot";
}
