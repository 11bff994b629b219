using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>
/// An estimate of the memory one record holds while it travels from a parse worker to the store (issue 19
/// item 7): its long text as UTF-16 and again as the writer's prepared UTF-8, plus a fixed allowance for
/// the event object, its short fields and its row. Only the order of magnitude matters: a record of
/// 4 Mi characters must weigh as much as thousands of ordinary messages, not as one.
/// </summary>
public static class RecordSize
{
    /// <summary>The fixed allowance per record (object headers, ids, locators, the prepared row's arrays).</summary>
    public const int Overhead = 512;

    public static long Of(EvidenceRecord record) => record switch
    {
        EventRecord { Event: var e } => Overhead + (3L * ((e.Text?.Length ?? 0) + (e.Subject?.Length ?? 0))) + (256L * e.Attachments.Count),
        _ => Overhead,
    };
}
