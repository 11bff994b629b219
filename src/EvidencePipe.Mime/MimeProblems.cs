namespace EvidencePipe.Mime;

/// <summary>Something the parser had to work around: where (byte offset in the message) and why.</summary>
public readonly record struct MimeProblem(long Offset, string Reason);

/// <summary>
/// Collects <see cref="MimeProblem"/>s for one message. Capped, so a hostile message with a million
/// broken parts cannot exhaust memory; problems past the cap are only counted.
/// </summary>
public sealed class MimeProblems
{
    public const int Cap = 200;

    private readonly List<MimeProblem> _items = [];

    public IReadOnlyList<MimeProblem> Items => _items;

    public int Suppressed { get; private set; }

    public int Count => _items.Count + Suppressed;

    public void Add(long offset, string reason)
    {
        if (_items.Count >= Cap)
        {
            Suppressed++;
            return;
        }

        _items.Add(new MimeProblem(offset, reason));
    }
}
