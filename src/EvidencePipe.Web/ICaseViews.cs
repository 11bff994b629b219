using EvidencePipe.Application;
using EvidencePipe.Search;

namespace EvidencePipe.Web;

/// <summary>
/// What the page's JSON API answers, whatever holds the cases: local case directories (<see cref="CaseViews"/>) or a
/// lab's PostgreSQL store (<see cref="LabCaseViews"/>). Every view is audited in the case's own audit log before
/// anything is read; none writes evidence.
/// </summary>
public interface ICaseViews : IDisposable
{
    /// <summary>The case asked for when a request names none.</summary>
    string DefaultCase { get; }

    /// <summary>True when <paramref name="caseName"/> is one of the cases served (nothing else may be opened by a request).</summary>
    bool Serves(string caseName);

    ApiAnswer Cases(string user);

    ApiAnswer Search(string user, string query, int limit, int offset, SearchSort sort, CancellationToken cancellationToken);

    ApiAnswer Histogram(string user, string query, CancellationToken cancellationToken);

    ApiAnswer Contacts(string user, string caseName);

    ApiAnswer Event(string user, string caseName, string id);

    ApiAnswer Conversation(string user, string caseName, string person, CancellationToken cancellationToken);

    ApiAnswer Evidence(string user, string caseName, string person, string code);

    Task<ExhibitRead> MediaAsync(string user, string caseName, string sha256, CancellationToken cancellationToken);
}
