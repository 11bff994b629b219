using System.Globalization;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Loads the cell-site table a mapping names from beside the CDR (read-only, like all evidence).
/// Only a plain file has a "beside": for a CDR inside a zip the table is not looked for.
/// </summary>
internal static class CdrAntennas
{
    private const long MaxTableBytes = 64L << 20;

    public static async Task<IReadOnlyDictionary<string, GeoPoint>?> LoadAsync(
        CdrAntennaTable table, EvidenceSource source, ReadContext context, CancellationToken cancellationToken)
    {
        if (source.ContainerEntry is not null)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(source.AbsolutePath) ?? ".";
        var path = Path.IsPathRooted(table.File) ? table.File : Path.Combine(folder, table.File);
        if (!File.Exists(path))
        {
            return null;
        }

        var name = Path.GetFileName(path);
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxTableBytes)
            {
                context.Note("file", $"cell table {name} is larger than {MaxTableBytes} bytes; not used, Geo left empty");
                return null;
            }

            byte[] bytes;
            var stream = EvidenceSource.OpenEvidence(path);
            await using (stream.ConfigureAwait(false))
            {
                bytes = new byte[info.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            return Parse(table, name, Encoding.UTF8.GetString(bytes), context);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Note("file", $"cell table {name} could not be read ({ex.GetType().Name}: {ex.Message}); Geo left empty");
            return null;
        }
    }

    private static Dictionary<string, GeoPoint>? Parse(CdrAntennaTable table, string name, string text, ReadContext context)
    {
        var lines = text.Split('\n');
        var header = CdrCsv.Split(lines[0].TrimEnd('\r'), table.Delimiter[0], out _);
        var mapping = new CdrMapping { Name = name, Correspondent = table.Id, Start = table.Id, Latitude = table.Latitude, Longitude = table.Longitude };
        var layout = CdrLayout.Bind(mapping, header, out var missing);
        if (layout is null)
        {
            context.Note("file", $"cell table {name} lacks column(s) {string.Join(", ", missing)}; Geo left empty");
            return null;
        }

        var cells = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        var bad = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = CdrCsv.Split(line, table.Delimiter[0], out _);
            if (layout.Get(fields, table.Id) is { } id
                && double.TryParse(layout.Get(fields, table.Latitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && lat is >= -90 and <= 90
                && double.TryParse(layout.Get(fields, table.Longitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && lon is >= -180 and <= 180)
            {
                cells[id] = new GeoPoint(lat, lon);
            }
            else
            {
                bad++;
            }
        }

        if (bad > 0)
        {
            context.Note("file", string.Create(CultureInfo.InvariantCulture, $"cell table {name}: {bad} row(s) without an id and valid latitude/longitude were not used"));
        }

        return cells;
    }
}
