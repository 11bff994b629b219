using EvidencePipe.TestSupport;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace EvidencePipe.Index.Lucene.Tests;

public sealed class IndexSetTests
{
    [Fact]
    public void A_set_written_by_this_version_opens()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "job-1");
        using (var writer = JobIndexWriter.Create(path, language: null))
        {
            writer.Commit();
        }

        using var set = IndexSet.Open([path], language: null, _ => []);
        Assert.NotNull(set.Search);
    }

    [Fact]
    public void A_set_written_with_another_document_layout_is_refused_naming_the_set()
    {
        using var dir = new TempDirectory();
        var good = Path.Combine(dir.Path, "job-1");
        var old = Path.Combine(dir.Path, "job-2");
        foreach (var path in new[] { good, old })
        {
            using var writer = JobIndexWriter.Create(path, language: null);
            writer.Commit();
        }

        // As a set written before sets recorded their layout: the same commit without its user data.
        using (var directory = new NIOFSDirectory(new DirectoryInfo(old)))
        using (var writer = new IndexWriter(directory, CaseIndex.NewWriterConfig(new CaseAnalyzer(null))))
        {
            writer.SetCommitData(new Dictionary<string, string>(StringComparer.Ordinal));
            writer.Commit();
        }

        var ex = Assert.Throws<InvalidDataException>(() => IndexSet.Open([good, old], language: null, _ => []));
        Assert.Contains(old, ex.Message, StringComparison.Ordinal);
        Assert.Contains(CaseIndex.Layout, ex.Message, StringComparison.Ordinal);
    }
}
