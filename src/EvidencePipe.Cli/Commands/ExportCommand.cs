using System.Text;
using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>export --case DIR --format jsonl|csv|geojson [--csv-raw]</c>: every event, time then id, byte-identical per case.
/// CSV is spreadsheet-safe unless <c>--csv-raw</c>; JSONL and GeoJSON always keep the exact text.
/// </summary>
internal static class ExportCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var format = cl.Required("format");
        var outPath = cl.Option("out");
        var text = cl.Flag("csv-raw") ? CsvText.Raw : CsvText.SpreadsheetSafe;
        cl.Required("case");
        cl.RejectUnknown();
        if (format is not ("jsonl" or "csv" or "geojson"))
        {
            throw new UsageException($"--format must be jsonl, csv or geojson, not '{format}'");
        }

        using var store = Tool.OpenAudited(cl, create: false);
        if (outPath is null)
        {
            Write(store, format, text, stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        // Written beside the target and moved into place, so a reader never sees half an export.
        var full = Path.GetFullPath(outPath);
        await PartialFile.WriteAsync(full, temp => new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" },
            file => Write(store, format, text, file, cancellationToken)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static void Write(CaseStore store, string format, CsvText text, TextWriter writer, CancellationToken cancellationToken)
    {
        if (format == "csv")
        {
            EventCsv.WriteHeader(writer);
            foreach (var e in EventQueries.ReadAllOrdered(store, cancellationToken))
            {
                EventCsv.Write(writer, e, text);
            }

            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, EventJson.WriterOptions);
        if (format == "geojson")
        {
            // A FeatureCollection (RFC 7946 §3.3) streamed one feature at a time.
            writer.Write("{\"type\":\"FeatureCollection\",\"features\":[");
            var first = true;
            foreach (var e in EventQueries.ReadAllOrdered(store, cancellationToken).Where(e => e.Geo is not null))
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                EventJson.WriteFeature(json, e);
                json.Flush();
                writer.Write(first ? "\n" : ",\n");
                writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
                first = false;
            }

            writer.Write("\n]}\n");
            return;
        }

        var links = EventQueries.AttachmentLinks(store);
        foreach (var e in EventQueries.ReadAllOrdered(store, cancellationToken))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            EventJson.Write(json, e, links.GetValueOrDefault(e.Id));
            json.Flush();
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            writer.Write('\n');
        }
    }
}
