using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The documents of a set of stored events (row id and sort key): how a batch's replaced events are deleted
/// before their new versions are added, without indexing a unique term for every event (a tenth of the
/// indexing cost) for the rare replacement. Candidates are found by the sort key doc values (a replaced
/// event has the same id and time, so the same key), then confirmed by their stored row id.
/// </summary>
internal sealed class RowIdFilter(IReadOnlyDictionary<long, HashSet<long>> rowIdsBySortKey) : Filter
{
    private static readonly ISet<string> RowIdOnly = new HashSet<string>(StringComparer.Ordinal) { EventFields.RowId };

    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var keys = SortKeys.Of(reader);
        var bits = new FixedBitSet(reader.MaxDoc);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if ((acceptDocs is null || acceptDocs.Get(doc)) && rowIdsBySortKey.TryGetValue(keys[doc], out var rowIds)
                && reader.Document(doc, RowIdOnly).GetField(EventFields.RowId)?.GetInt64Value() is { } rowId && rowIds.Contains(rowId))
            {
                bits.Set(doc);
            }
        }

        return bits;
    }
}
