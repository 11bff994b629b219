using System.Text;
using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>export --case DIR --format jsonl|csv</c>: every event, time then id, byte-identical per case.</summary>
internal static class ExportCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var format = cl.Required("format");
        var outPath = cl.Option("out");
        cl.Required("case");
        cl.RejectUnknown();
        if (format is not ("jsonl" or "csv"))
        {
            throw new UsageException($"--format must be jsonl or csv, not '{format}'");
        }

        using var store = Tool.OpenAudited(cl, create: false);
        if (outPath is null)
        {
            Write(store, format, stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        // Written beside the target and moved into place, so a reader never sees half an export.
        var full = Path.GetFullPath(outPath);
        var temp = full + ".partial";
        await using (var file = new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            Write(store, format, file, cancellationToken);
        }

        File.Move(temp, full, overwrite: true);
        return ExitCodes.Ok;
    }

    private static void Write(CaseStore store, string format, TextWriter writer, CancellationToken cancellationToken)
    {
        if (format == "csv")
        {
            EventCsv.WriteHeader(writer);
            foreach (var e in EventQueries.ReadAllOrdered(store, cancellationToken))
            {
                EventCsv.Write(writer, e);
            }

            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, EventJson.WriterOptions);
        foreach (var e in EventQueries.ReadAllOrdered(store, cancellationToken))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            EventJson.Write(json, e);
            json.Flush();
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            writer.Write('\n');
        }
    }
}
