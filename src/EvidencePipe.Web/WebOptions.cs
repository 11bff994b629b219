using EvidencePipe.Analysis;
using EvidencePipe.Search;
using EvidencePipe.Store.Postgres;

namespace EvidencePipe.Web;

/// <summary>
/// The JSON the CLI prints for <c>search --json</c> and <c>contacts --json</c>, handed in by the CLI so the API
/// answers with the very same bytes (DESIGN.md: the API returns "the JSON of search --json").
/// </summary>
public sealed record WebJson(
    Func<long, IReadOnlyList<(string Case, SearchHit Hit)>, string> Search,
    Func<AnalysisResult, Analysis.Tracking.TrackingView?, string> Contacts);

/// <summary>What <c>serve</c> was asked for.</summary>
/// <param name="Cases">Case directories (a folder holding cases already expanded), or with <see cref="Store"/> lab case names.</param>
/// <param name="Users">Who may sign in; required unless <paramref name="Listen"/> is loopback.</param>
public sealed record WebOptions(IReadOnlyList<string> Cases, ListenAddress Listen, UserFile? Users, string ToolVersion, WebJson Json)
{
    /// <summary>The analysis options <c>contacts</c> takes, applied to every case served (none by default).</summary>
    public ContactOptions Contacts { get; init; } = ContactOptions.None;

    /// <summary>
    /// <c>--store</c> (issue 21): the lab store whose cases are served; <see cref="Cases"/> are then case names in it.
    /// The login must be read-only (the investigator role): <see cref="WebServer.Check"/> refuses any other.
    /// </summary>
    public StoreConnection? Store { get; init; }

    /// <summary>With <see cref="Store"/>: where the job indexes are (null: what <c>lab init --index-root</c> recorded).</summary>
    public string? IndexRoot { get; init; }
}

/// <summary>
/// <c>--order SPEC…</c>, <c>--aliases FILE</c> and <c>--lexicon FILE</c> as <c>contacts</c> takes them: one-off orders
/// added to the case's stored ones, an alias CSV of person,identifier (read with each case's region), a phrase
/// lexicon instead of the bundled one.
/// </summary>
public sealed record ContactOptions(IReadOnlyList<string> Orders, string? Aliases, string? Lexicon)
{
    public static ContactOptions None { get; } = new([], null, null);
}
