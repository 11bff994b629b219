using EvidencePipe.Model;

namespace EvidencePipe.Analysis;

/// <summary>
/// The fields of an event the analysis reads (a store can fill it from a narrow query instead of
/// materialising every column of a whole event).
/// </summary>
public readonly record struct AnalysisEvent(
    string Id,
    long TimeMs,
    Direction Direction,
    string Channel,
    string? From,
    IReadOnlyList<string> To,
    string? Text,
    CallStatus CallStatus,
    int? DurationSeconds)
{
    public static AnalysisEvent Of(CommunicationEvent e) =>
        new(e.Id, e.Time.UnixMilliseconds, e.Direction, e.Channel, e.From, e.To, e.Text ?? e.Subject, e.CallStatus, e.DurationSeconds);
}
