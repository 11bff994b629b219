namespace EvidencePipe.Pipeline;

/// <summary>
/// A folder whose files are stored under names that mean nothing on their own and are given their
/// real names by an index inside the folder — an iTunes/Finder iOS backup keeps
/// <c>HomeDomain/Library/SMS/sms.db</c> as <c>3d/3d0d7e5f…</c> and names it in <c>Manifest.db</c>.
/// Discovery asks each layout about every folder it walks; files under a recognised root are still
/// hashed and sniffed as themselves, only their recorded path gains the logical name.
/// </summary>
public interface IFolderLayout
{
    /// <summary>
    /// The index of <paramref name="directory"/> when it is the root of this layout, otherwise null.
    /// Must not throw for damaged or hostile content: it reports problems through <see cref="FolderIndex.Problems"/>.
    /// </summary>
    /// <param name="fileNames">The names of the files directly in <paramref name="directory"/>.</param>
    FolderIndex? Recognise(string directory, IReadOnlyCollection<string> fileNames);
}

/// <summary>The names a recognised folder gives its files, open for the rest of the walk.</summary>
public abstract class FolderIndex : IDisposable
{
    private readonly List<string> _problems = [];

    /// <summary>What the folder as a whole prevents (an encrypted backup), each reported once as a diagnostic on the folder.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>
    /// The logical name of the file at <paramref name="relativePath"/> ('/'-separated, relative to the
    /// root), or null when the index does not name it (it is then recorded under its stored name only).
    /// </summary>
    public abstract string? LogicalName(string relativePath);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected void AddProblem(string reason) => _problems.Add(reason);

    protected virtual void Dispose(bool disposing)
    {
    }
}
