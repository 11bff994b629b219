using System.Globalization;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// The one searchable line of a media event: label, device, size, altitude, software and the basis of
/// its time, e.g. <c>Apple iPhone 4 · 1296×968 · alt 12.3 m · software 4.1 · time from exif:DateTimeOriginal+OffsetTimeOriginal</c>.
/// </summary>
internal static class MediaText
{
    public const string Separator = " · ";

    public static string Describe(MediaFacts facts, MediaFamily family, string? label, string timeBasis)
    {
        var parts = new List<string>();
        if (label is not null)
        {
            parts.Add(label);
        }

        if (Device(facts.Make, facts.Model) is { } device)
        {
            parts.Add(device);
        }

        if (facts.Width is { } w && facts.Height is { } h)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{w}×{h}"));
        }

        if (facts.Geo is not null && facts.AltitudeMetres is { } alt)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"alt {alt:0.#} m"));
        }

        if (facts.Software is { } software)
        {
            parts.Add("software " + software);
        }

        if (parts.Count == 0)
        {
            parts.Add(family.Label + (family.IsVideo ? " video" : " image"));
        }

        // Every media event names what its time rests on (CaptureBasis).
        parts.Add("time from " + timeBasis);
        return string.Join(Separator, parts);
    }

    /// <summary>"Apple iPhone 4"; a model that already names its maker ("HTC Desire") is not doubled.</summary>
    public static string? Device(string? make, string? model)
    {
        if (make is null)
        {
            return model;
        }

        if (model is null)
        {
            return make;
        }

        return model.StartsWith(make, StringComparison.OrdinalIgnoreCase) ? model : make + " " + model;
    }
}
