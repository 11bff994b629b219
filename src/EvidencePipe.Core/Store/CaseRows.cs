using EvidencePipe.Model;

namespace EvidencePipe.Store;

/// <summary>The columns of an event the contact analysis reads (see <see cref="ICaseReader.ReadForAnalysis"/>).</summary>
public readonly record struct AnalysisRow(
    string Id, long TimeMs, Direction Direction, string Channel, string? From, IReadOnlyList<string> To, string? Text, CallStatus CallStatus, int? DurationSeconds);

/// <summary>Sender, direction, thread and channel of one event with a sender (see <see cref="ICaseReader.ReadSenders"/>): owner inference's input.</summary>
public readonly record struct SenderRow(string From, string Direction, string? Thread, string Channel);

/// <summary>A display name seen for an identifier, and where it came from (<c>record</c>: in a message; <c>address-book</c>: a contact card).</summary>
public readonly record struct NameRow(string Identifier, string Name, string Basis);

/// <summary>A contact card (vCard, address book) as the case keeps it; <see cref="Source"/> is "path @ locator".</summary>
public sealed record CardRow(string? Name, IReadOnlyList<string> Identifiers, string Source);

/// <summary>
/// A protective order as the case keeps it (<c>orders add</c>): dates are the calendar days typed
/// (<c>YYYY-MM-DD</c>, in the case time zone), the party as typed (an identifier, a name or a person id).
/// </summary>
public sealed record StoredOrder(long Id, string Type, string Party, string From, string? To, string? Reference, string? Conditions, string AddedUtc);

/// <summary>A run's snapshot: when, by which command, how far the events went, and the persons as that run ranked them (JSON).</summary>
public sealed record StoredSnapshot(long Id, string TimeUtc, string Command, long EventHighWater, string ContactsJson);
