using System.Runtime.CompilerServices;
using System.Xml;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cellebrite;

/// <summary>
/// Cellebrite report.xml, streamed with <see cref="XmlReader"/> (reports run to gigabytes; nothing is
/// held but the model being read). Two passes: the first collects the ids models point to
/// (<c>jumptargets</c>), the second keeps those of the <c>taggedFiles</c> (which come first in the
/// report) and maps each decoded model as it is read — a <c>Chat</c> one message at a time. See README.
/// </summary>
public sealed class CellebriteReportReader : IEvidenceReader
{
    /// <summary>Ids of tagged files remembered at most; a report pointing at more keeps the first ones (reported).</summary>
    public const int MaxReferencedFiles = 1_000_000;

    public string Format => CellebriteFormats.ReportXml;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var referenced = CollectReferences(source, context, cancellationToken);
        using var files = new UfedFiles(source);
        using var walker = UfedReportWalker.Open(source, context, files, referenced);
        var batch = new List<EvidenceRecord>();
        while (walker.Step(batch, cancellationToken))
        {
            foreach (var record in batch)
            {
                yield return record;
            }

            batch.Clear();
            await Task.CompletedTask.ConfigureAwait(false);
        }

        foreach (var record in batch)
        {
            yield return record;
        }
    }

    /// <summary>Pass 1: every <c>targetid</c> in the report. Damage ends the pass quietly; pass 2 reports it.</summary>
    private static HashSet<string> CollectReferences(EvidenceSource source, ReadContext context, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(source.OpenRead(), UfedXml.Settings);
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "targetid")
                {
                    if (ids.Count >= MaxReferencedFiles)
                    {
                        context.Note("jumptargets", $"more than {MaxReferencedFiles} files are pointed to: only the first are resolved to their paths and attachments");
                        break;
                    }

                    ids.Add(reader.ReadElementContentAsString().Trim());
                }
            }
        }
        catch (Exception ex) when (ex is XmlException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // reported with its position by the second pass
        }

        return ids;
    }
}
