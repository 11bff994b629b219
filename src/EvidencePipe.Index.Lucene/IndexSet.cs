using EvidencePipe.Store.Sqlite;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// Several segment sets searched as one (issue 20: a lab case is the sets of its finished jobs,
/// <see cref="JobIndexWriter"/>): a Lucene <see cref="MultiReader"/> over a reader of each, so term statistics,
/// totals and sorting are over all of them together, as over one case index. Hits are read back through
/// <paramref name="readByRowIds"/> (the lab store's rows, by <c>seq</c>).
/// </summary>
public sealed class IndexSet : IDisposable
{
    private readonly List<FSDirectory> _directories;

    private IndexSet(List<FSDirectory> directories, LuceneEventSearch search)
    {
        _directories = directories;
        Search = search;
    }

    public LuceneEventSearch Search { get; }

    /// <summary>Opens the last commit of each directory together (none: a search that finds nothing).</summary>
    public static IndexSet Open(IReadOnlyList<string> paths, string? language, Func<IReadOnlyList<long>, IReadOnlyList<StoredEvent>> readByRowIds)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var directories = new List<FSDirectory>();
        var readers = new List<IndexReader>();
        try
        {
            foreach (var path in paths)
            {
                var directory = new NIOFSDirectory(new DirectoryInfo(path));
                directories.Add(directory);
                readers.Add(DirectoryReader.Open(directory));
            }

            var multi = new MultiReader(readers.ToArray(), closeSubReaders: true);
            readers.Clear();
            return new IndexSet(directories, new LuceneEventSearch(multi, new CaseAnalyzer(language), readByRowIds));
        }
        catch
        {
            readers.ForEach(r => r.Dispose());
            directories.ForEach(d => d.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        Search.Dispose();
        _directories.ForEach(d => d.Dispose());
    }
}
