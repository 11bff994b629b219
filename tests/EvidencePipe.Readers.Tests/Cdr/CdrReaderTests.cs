using EvidencePipe.Model;
using EvidencePipe.Readers.Cdr;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Cdr;

/// <summary>
/// Golden tests on bandicoot's CDR samples. Expected values were read off the raw files with
/// python's csv module (counts per interaction/direction, chosen rows) and converted to UTC with
/// zoneinfo Europe/London; cell positions are the antennas.csv rows for the row's antenna_id.
/// </summary>
public sealed class CdrReaderTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("cdr", name);

    [Fact]
    public async Task The_headed_bandicoot_layout_yields_every_row_with_kind_direction_time_and_cell_position()
    {
        var (events, context) = await ReadAsync(new CdrReader(), Fixture("A.csv"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(42, events.Count);
        Assert.Equal(19, events.Count(e => e is { Kind: EventKind.Message, Direction: Direction.Outgoing }));
        Assert.Equal(10, events.Count(e => e is { Kind: EventKind.Message, Direction: Direction.Incoming }));
        Assert.Equal(8, events.Count(e => e is { Kind: EventKind.Call, Direction: Direction.Outgoing }));
        Assert.Equal(5, events.Count(e => e is { Kind: EventKind.Call, Direction: Direction.Incoming }));

        var text = events.At("line 2");
        Assert.Equal((EventKind.Message, Channels.Sms, Direction.Outgoing), (text.Kind, text.Channel, text.Direction));
        Assert.Equal(Utc("2014-03-02T07:13:30"), text.Time.Utc);
        Assert.Equal(TimeBasis.NaiveLocal, text.Time.Basis);
        Assert.Null(text.From); // the subscriber is not in the file and no --owner was given
        Assert.Equal(["tel:A"], text.To);
        Assert.Null(text.DurationSeconds);
        Assert.Equal(new GeoPoint(42.386722, -71.138778), text.Geo);

        var call = events.At("line 3");
        Assert.Equal((EventKind.Call, Channels.Call, Direction.Incoming, 6233), (call.Kind, call.Channel, call.Direction, call.DurationSeconds));
        Assert.Equal("tel:A", call.From);
        Assert.Equal(new GeoPoint(42.304917, -71.147374), call.Geo);

        var last = events.At("line 43");
        Assert.Equal(Utc("2014-04-13T20:24:11"), last.Time.Utc); // BST
        Assert.Equal(("tel:F", 1212), (last.From, last.DurationSeconds));
        Assert.Equal("cdr-csv", last.Source.Format);
    }

    [Fact]
    public async Task The_single_owner_stands_in_for_the_subscriber()
    {
        var (events, _) = await ReadAsync(new CdrReader(), Fixture("A.csv"), WithOwner("tel:+447700900001"));

        Assert.Equal("tel:+447700900001", events.At("line 2").From);
        Assert.Equal(["tel:+447700900001"], events.At("line 3").To);
    }

    [Fact]
    public async Task The_ego_sample_has_all_its_rows()
    {
        var (events, context) = await ReadAsync(new CdrReader(), Fixture("ego.csv"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(314, events.Count);
        Assert.Equal(166 + 44, events.Count(e => e.Direction == Direction.Incoming));
        Assert.Equal(44 + 31, events.Count(e => e.Kind == EventKind.Call));
        Assert.Equal(Utc("2014-04-14T11:04:37"), events.At("line 315").Time.Utc);
        Assert.Equal(new GeoPoint(42.366944, -71.083611), events.At("line 315").Geo);
    }

    [Fact]
    public async Task The_headerless_orange_layout_takes_direction_service_parties_and_position_from_their_columns()
    {
        var (events, context) = await ReadAsync(new CdrReader(), Fixture("A_orange.csv"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(7, events.Count);
        var first = events.At("line 1");
        Assert.Equal((EventKind.Call, Direction.Incoming, 137), (first.Kind, first.Direction, first.DurationSeconds));
        Assert.Equal("tel:A_orange", first.From);
        Assert.Equal(["tel:A_orange"], first.To);
        Assert.Equal(Utc("2014-08-20T19:30:37"), first.Time.Utc);
        Assert.Equal(new GeoPoint(48.856638, 2.352241), first.Geo); // columns are longitude;latitude

        var last = events.At("line 7");
        Assert.Equal((EventKind.Message, Channels.Sms, Direction.Outgoing), (last.Kind, last.Channel, last.Direction));
        Assert.Equal("tel:A_orange", last.From);
        Assert.Equal(["tel:C"], last.To);
        Assert.Equal(Utc("2014-08-21T20:18:31"), last.Time.Utc);
    }

    [Fact]
    public async Task The_larger_orange_sample_is_read_in_full()
    {
        var (events, context) = await ReadAsync(new CdrReader(), Fixture("u_test.csv"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(500, events.Count);
        Assert.Equal(79 + 76, events.Count(e => e.Kind == EventKind.Call));
        Assert.Equal(87 + 84 + 79, events.Count(e => e.Direction == Direction.Outgoing));
        var first = events.At("line 1");
        Assert.Equal("tel:+44770000000", first.From);
        Assert.Equal(["tel:+44770000005"], first.To);

        // Read literally in bandicoot's documented order (longitude;latitude), although this sample's
        // generator evidently wrote latitude first: the reader does not second-guess columns.
        Assert.Equal(new GeoPoint(-71.5750, 42.3987), first.Geo);
    }

    [Fact]
    public async Task Without_the_antenna_table_beside_it_geo_is_left_empty_and_noted_once()
    {
        using var dir = new TempDirectory();
        File.Copy(Fixture("A.csv"), dir.Combine("A.csv"));

        var (events, context) = await ReadAsync(new CdrReader(), dir.Combine("A.csv"));

        Assert.Equal(42, events.Count);
        Assert.All(events, e => Assert.Null(e.Geo));
        var note = Assert.Single(context.Diagnostics);
        Assert.Contains("no antennas.csv beside", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_file_describes_a_caller_callee_layout_with_a_stated_offset()
    {
        using var dir = new TempDirectory();
        var map = dir.Combine("operator.json");
        await File.WriteAllTextAsync(map, """
            {
              // an operator return: A-party, B-party, start in UTC, seconds, record type, cell
              "name": "op-x", "delimiter": "\t", "hasHeader": true,
              "caller": "A_NUMBER", "callee": "B_NUMBER",
              "start": "START_UTC", "startFormats": ["dd/MM/yyyy HH:mm:ss"], "utcOffset": "+00:00",
              "duration": "SECS", "type": "REC", "typeValues": {"VOICE": "call", "SMS-MO": "sms"},
              "latitude": "LAT", "longitude": "LON"
            }
            """);
        var mapping = CdrMapping.Load(map);
        await File.WriteAllTextAsync(dir.Combine("return.tsv"),
            "A_NUMBER\tB_NUMBER\tSTART_UTC\tSECS\tREC\tLAT\tLON\n"
            + "07700 900666\t07700 900001\t31/03/2024 01:30:00\t61.6\tVOICE\t51.5\t-0.12\n"
            + "07700 900001\t07700 900666\t31/03/2024 09:15:00\t\tSMS-MO\t\t\n");

        var (events, context) = await ReadAsync(new CdrReader([mapping]), dir.Combine("return.tsv"), WithOwner("tel:+447700900001"));

        Assert.Empty(context.Diagnostics);
        var call = events.At("line 2");
        Assert.Equal(("tel:+447700900666", Direction.Incoming, 62), (call.From, call.Direction, call.DurationSeconds));
        Assert.Equal((Utc("2024-03-31T01:30:00"), TimeBasis.ExplicitOffset, TimeSpan.Zero), (call.Time.Utc, call.Time.Basis, call.Time.Offset));
        Assert.Equal(new GeoPoint(51.5, -0.12), call.Geo);
        var sms = events.At("line 3");
        Assert.Equal((EventKind.Message, Direction.Outgoing, (GeoPoint?)null), (sms.Kind, sms.Direction, sms.Geo));
        Assert.Equal(["tel:+447700900666"], sms.To);
    }

    [Fact]
    public void A_mapping_file_that_leaves_members_out_keeps_their_documented_defaults()
    {
        // Defaults as Cdr/README.md documents them: comma, header row, ISO-like start, MOC/MTC and VOICE/SMS values.
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            """{"name":"x","start":"when","correspondent":"who","antennas":{"file":"cells.csv"}}"""));

        var mapping = CdrMapping.Parse(stream, "map.json");

        Assert.Equal((",", true, "yyyy-MM-dd HH:mm:ss"), (mapping.Delimiter, mapping.HasHeader, Assert.Single(mapping.StartFormats)));
        Assert.Equal(("outgoing", "incoming", "call", "sms"), (mapping.DirectionValues["moc"], mapping.DirectionValues["MTC"], mapping.TypeValues["VOICE"], mapping.TypeValues["text"]));
        Assert.Equal(new CdrAntennaTable { File = "cells.csv", Delimiter = ",", Id = CdrColumn.Named("antenna_id"), Latitude = CdrColumn.Named("latitude"), Longitude = CdrColumn.Named("longitude") }, mapping.Antennas);
    }

    [Theory]
    [InlineData("""{"name":"x","start":0}""", "caller and callee, or correspondent")]
    [InlineData("""{"name":"x","start":0,"caller":1}""", "caller and callee go together")]
    [InlineData("""{"name":"x","start":"when","correspondent":1,"hasHeader":false}""", "column positions")]
    [InlineData("""{"name":"x","start":0,"correspondent":1,"delimiter":";;"}""", "one character")]
    [InlineData("""{"name":"x","start":0,"correspondent":1,"timeZone":"Mars/Olympus"}""", "unknown time zone")]
    [InlineData("""{"name":"x","start":0,"correspondent":1,"directionValues":{"1":"sideways"}}""", "incoming")]
    [InlineData("""{"name":"x","start":0,"correspondent":1,"colour":"red"}""", "not a CDR mapping")]
    [InlineData("""{"name":"x","start":-1,"correspondent":1}""", "not a CDR mapping")]
    public void A_bad_mapping_file_is_refused_with_the_reason(string json, string reason)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var ex = Assert.Throws<FormatException>(() => CdrMapping.Parse(stream, "map.json"));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("map.json: ", ex.Message, StringComparison.Ordinal);
    }
}
