using System.Globalization;
using EvidencePipe.Analysis.Tracking;
using EvidencePipe.Export;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>places add|list|remove --case DIR</c>: the victim's places kept with the case, so they need not be retyped on every
/// command; <c>contacts</c> and <c>report</c> look at them, with any one-off <c>--place</c>
/// (<see cref="PlaceList.Combine"/>). Modelled on <see cref="OrdersCommand"/>.
/// </summary>
internal static class PlacesCommand
{
    public static int Run(CommandLine cl, TextWriter stdout)
    {
        var action = cl.Positionals;
        var json = cl.Flag("json");
        cl.Required("case");
        cl.RejectUnknown();
        var adding = new List<Place>();
        if (action[0] == "add")
        {
            try
            {
                // Checked before the case is opened: a usage error leaves the case as it was.
                adding.AddRange(action.Skip(1).Select(Place.Parse));
            }
            catch (FormatException ex)
            {
                throw new UsageException("places add: " + ex.Message);
            }
        }

        using var store = Tool.OpenAudited(cl, create: false);
        switch (action[0])
        {
            case "add":
                foreach (var place in adding)
                {
                    // One place per name: adding a name the case already has replaces it (the old one is marked removed, not deleted).
                    var replaced = PlaceQueries.Active(store).Where(p => string.Equals(p.Name, place.Name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id).ToList();
                    var now = DateTimeOffset.UtcNow;
                    foreach (var old in replaced)
                    {
                        PlaceQueries.Remove(store, old, now);
                    }

                    var id = PlaceQueries.Add(store, place.Name, place.Latitude, place.Longitude, place.RadiusMetres, now);
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"place {id} added: {place.Name}={place.Latitude:R},{place.Longitude:R},{place.RadiusMetres:R}{(replaced.Count > 0 ? $" (replaces place {string.Join(", ", replaced)})" : string.Empty)}"));
                }

                return ExitCodes.Ok;
            case "remove":
                foreach (var word in action.Skip(1))
                {
                    var n = long.Parse(word, CultureInfo.InvariantCulture);
                    if (!PlaceQueries.Remove(store, n, DateTimeOffset.UtcNow))
                    {
                        throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"places remove: no place {n} in this case (see places list)"));
                    }

                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"place {n} removed"));
                }

                return ExitCodes.Ok;
            default:
                List(stdout, PlaceQueries.Active(store), json);
                return ExitCodes.Ok;
        }
    }

    private static void List(TextWriter stdout, IReadOnlyList<StoredPlace> places, bool json)
    {
        if (json)
        {
            stdout.WriteLine(EventJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("places");
                foreach (var p in places)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", p.Id);
                    w.WriteString("name", p.Name);
                    w.WriteNumber("lat", p.Latitude);
                    w.WriteNumber("lon", p.Longitude);
                    w.WriteNumber("radius_m", p.RadiusMetres);
                    w.WriteString("added", p.AddedUtc);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }));
            return;
        }

        stdout.WriteLine("id    place  (latitude, longitude; radius)");
        foreach (var p in places)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Id,-5} {p.Name}  ({p.Latitude:R}, {p.Longitude:R}; {p.RadiusMetres:R} m)"));
        }
    }
}
