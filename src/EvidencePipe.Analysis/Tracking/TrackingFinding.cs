using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tracking;

/// <summary>An installed app on the tracking list, with the record that shows it (time null when the source gave no install time).</summary>
public sealed record TrackingFinding(TrackingApp App, string AppId, string EventId, DateTimeOffset? Installed, string? Detail, SourceRef Source);

/// <summary>Location and app evidence on the device: places visited and tracking apps installed (issue 17, item 2).</summary>
public sealed record TrackingView(IReadOnlyList<PlaceHit> Places, IReadOnlyList<TrackingFinding> Apps, int LocationRecords, int AppRecords)
{
    public static TrackingFinding? Flag(CommunicationEvent app, TrackingAppList list)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(list);
        return app.Kind == EventKind.App && list.Match(app.Subject) is { } listed
            ? new TrackingFinding(listed, app.Subject!, app.Id, app.Time.IsUndated ? null : app.Time.Utc, app.Text, app.Source)
            : null;
    }
}
