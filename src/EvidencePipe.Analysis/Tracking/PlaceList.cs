namespace EvidencePipe.Analysis.Tracking;

/// <summary>
/// The places a run looks at: those stored with the case (<c>places add</c>) and the run's one-off <c>--place</c>s, as a
/// one-off <c>--order</c> is added to the stored orders. A one-off place named as a stored one (names compared without
/// regard to case) stands in for it in that run — a wider radius tried once, say — and keeps its position in the list.
/// </summary>
public static class PlaceList
{
    public static IReadOnlyList<Place> Combine(IReadOnlyList<Place> stored, IReadOnlyList<Place> oneOff)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(oneOff);
        var list = new List<Place>(stored.Count + oneOff.Count);
        list.AddRange(stored);
        foreach (var place in oneOff)
        {
            var i = list.FindIndex(0, stored.Count, p => SameName(p, place));
            if (i >= 0)
            {
                list[i] = place;
            }
            else
            {
                list.Add(place);
            }
        }

        return list;
    }

    /// <summary>Place names are labels a person typed: "Home" and "home" are the same place.</summary>
    public static bool SameName(Place a, Place b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
    }
}
