using System.Text;
using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Reading;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>export --case DIR|--store S --case NAME --format jsonl|csv|geojson [--out FILE] [--csv-raw]</c>: every event, time then id,
/// byte-identical per case. CSV is spreadsheet-safe unless <c>--csv-raw</c>; JSONL and GeoJSON always keep the exact text. With <c>--out</c>, <c>FILE.meta.json</c> beside it names what the times and
/// identifiers were made with (the case's TZDB release and phone normaliser), so an export read on its
/// own says which zone rules produced its UTC times.
/// </summary>
internal static class ExportCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var format = cl.Required("format");
        var outPath = cl.Option("out");
        var text = cl.Flag("csv-raw") ? CsvText.Raw : CsvText.SpreadsheetSafe;
        var lab = cl.Option("store") is not null;
        cl.Required("case");
        cl.RejectUnknown();
        if (format is not ("jsonl" or "csv" or "geojson"))
        {
            throw new UsageException($"--format must be jsonl, csv or geojson, not '{format}'");
        }

        // --store: a lab case (issue 20) read through the same interface, so the export is the same bytes.
        using var store = lab ? null : Tool.OpenAudited(cl, create: false);
        ICaseReader reader = store is null ? LabTool.OpenCaseAudited(cl) : new SqliteCaseReader(store);
        if (outPath is null)
        {
            _ = Write(reader, format, text, stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        // Written beside the target and moved into place, so a reader never sees half an export.
        var full = Path.GetFullPath(outPath);
        long events = 0;
        await PartialFile.WriteAsync(full, temp => new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" },
            file => events = Write(reader, format, text, file, cancellationToken)).ConfigureAwait(false);
        await File.WriteAllTextAsync(MetadataPath(full), Metadata(reader, format, events) + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Where the metadata of an export written to <paramref name="exportPath"/> goes.</summary>
    public static string MetadataPath(string exportPath) => exportPath + ".meta.json";

    /// <summary>
    /// The export's metadata: nothing that changes between runs (no clock), so it is byte-identical for
    /// the same case like the export. <c>tzdb_version</c> and <c>phone_normaliser</c> are what the case
    /// recorded when its events were made (null for a case made before they were recorded).
    /// </summary>
    public static string Metadata(ICaseReader store, string format, long events) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", format);
        w.WriteNumber("events", events);
        w.WriteString("time_zone", store.GetMeta(CaseMetaKeys.TimeZone));
        w.WriteString("region", store.GetMeta(CaseMetaKeys.Region));
        w.WriteString("tzdb_version", store.GetMeta(CaseMetaKeys.TzdbVersion));
        w.WriteString("phone_normaliser", store.GetMeta(CaseMetaKeys.PhoneNormaliser));
        w.WriteString("tool_version", Tool.Version);
        w.WriteEndObject();
    });

    /// <summary>Writes the export; returns the number of events (GeoJSON: features) written.</summary>
    private static long Write(ICaseReader store, string format, CsvText text, TextWriter writer, CancellationToken cancellationToken)
    {
        long count = 0;
        if (format == "csv")
        {
            EventCsv.WriteHeader(writer);
            foreach (var e in store.ReadAllOrdered(cancellationToken))
            {
                EventCsv.Write(writer, e, text);
                count++;
            }

            return count;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, EventJson.WriterOptions);
        if (format == "geojson")
        {
            // A FeatureCollection (RFC 7946 §3.3) streamed one feature at a time.
            writer.Write("{\"type\":\"FeatureCollection\",\"features\":[");
            var first = true;
            foreach (var e in store.ReadAllOrdered(cancellationToken).Where(e => e.Geo is not null))
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                EventJson.WriteFeature(json, e);
                json.Flush();
                writer.Write(first ? "\n" : ",\n");
                writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
                first = false;
                count++;
            }

            writer.Write("\n]}\n");
            return count;
        }

        var links = store.AttachmentLinks();
        foreach (var e in store.ReadAllOrdered(cancellationToken))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            EventJson.Write(json, e, links.GetValueOrDefault(e.Id));
            json.Flush();
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            writer.Write('\n');
            count++;
        }

        return count;
    }
}
