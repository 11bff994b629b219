using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tracking;

/// <summary>One location record near a place: the event, its time, how far it was from the place's centre and its own accuracy.</summary>
public sealed record PlaceFix(string EventId, DateTimeOffset Time, double DistanceMetres, double? AccuracyMetres, SourceRef Source);

/// <summary>What the location records show for one place: how many were near it, the first and last, and the records (the first <see cref="PlaceProximity.Cap"/>).</summary>
public sealed record PlaceHit(Place Place, int Count, DateTimeOffset? First, DateTimeOffset? Last, int Undated, IReadOnlyList<PlaceFix> Evidence);

/// <summary>
/// When the device was near each of the victim's places (issue 17, item 2). A location record is near a place when its
/// great-circle distance from the place's centre is at most the place's radius plus the record's own accuracy radius
/// (<see cref="LocationFix.AccuracyOf"/>; 0 when the source gave none): the circles of the place and of the fix overlap,
/// so the device may have been within the place's radius. Undated records that are near are counted apart (they show the
/// device was there at some time, not when). Feed location events in time order.
/// </summary>
public sealed class PlaceProximity(IReadOnlyList<Place> places)
{
    public const int Cap = 500;

    private readonly State[] _states = [.. places.Select(p => new State(p))];

    public int Observed { get; private set; }

    public void Observe(CommunicationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind != EventKind.Location || e.Geo is not { } g || !LocationFix.IsValid(g.Latitude, g.Longitude))
        {
            return;
        }

        Observed++;
        var accuracy = LocationFix.AccuracyOf(e.Text);
        foreach (var s in _states)
        {
            var d = GeoDistance.Metres(s.Place.Latitude, s.Place.Longitude, g.Latitude, g.Longitude);
            if (d > s.Place.RadiusMetres + (accuracy ?? 0))
            {
                continue;
            }

            if (e.Time.IsUndated)
            {
                s.Undated++;
                continue;
            }

            s.Count++;
            s.First ??= e.Time.Utc;
            s.Last = e.Time.Utc;
            if (s.Evidence.Count < Cap)
            {
                s.Evidence.Add(new PlaceFix(e.Id, e.Time.Utc, d, accuracy, e.Source));
            }
        }
    }

    public IReadOnlyList<PlaceHit> Results() => [.. _states.Select(s => new PlaceHit(s.Place, s.Count, s.First, s.Last, s.Undated, s.Evidence))];

    private sealed class State(Place place)
    {
        public Place Place { get; } = place;

        public int Count { get; set; }

        public int Undated { get; set; }

        public DateTimeOffset? First { get; set; }

        public DateTimeOffset? Last { get; set; }

        public List<PlaceFix> Evidence { get; } = [];
    }
}
