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
        var analyzer = new CaseAnalyzer(language);
        try
        {
            foreach (var path in paths)
            {
                var directory = new NIOFSDirectory(new DirectoryInfo(path));
                directories.Add(directory);
                var reader = DirectoryReader.Open(directory);
                readers.Add(reader);
                Check(path, reader.IndexCommit.UserData, analyzer);
            }

            var multi = new MultiReader(readers.ToArray(), closeSubReaders: true);
            readers.Clear();
            return new IndexSet(directories, new LuceneEventSearch(multi, analyzer, readByRowIds));
        }
        catch
        {
            readers.ForEach(r => r.Dispose());
            directories.ForEach(d => d.Dispose());
            throw;
        }
    }

    /// <summary>
    /// A set is searched with the query compiler of this version: one written with another analysis or document
    /// layout (another version of EvidencePipe) would silently miss hits, so it is refused, naming the set.
    /// </summary>
    private static void Check(string path, IDictionary<string, string> data, CaseAnalyzer analyzer)
    {
        data.TryGetValue(CaseIndex.LayoutKey, out var layout);
        data.TryGetValue(CaseIndex.AnalysisKey, out var analysis);
        if (layout != CaseIndex.Layout || analysis != analyzer.Key)
        {
            throw new InvalidDataException(
                $"lab index set {path}: written with document layout '{layout ?? "meta-norm-v2 or earlier"}' and analysis '{analysis ?? "unrecorded"}', " +
                $"this version searches layout '{CaseIndex.Layout}' with analysis '{analyzer.Key}'; submit the case's sources again to re-index them");
        }
    }

    public void Dispose()
    {
        Search.Dispose();
        _directories.ForEach(d => d.Dispose());
    }
}
