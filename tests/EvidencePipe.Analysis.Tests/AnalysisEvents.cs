using System.Globalization;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis.Tests;

/// <summary>Builds a time-ordered event stream for the analyzer; days count from 2024-01-01 00:00 UTC.</summary>
internal sealed class AnalysisEvents
{
    public const string Owner = "tel:+447700900123";
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<AnalysisEvent> _events = [];

    public static long Ms(double day, double hour = 12) => Start.AddDays(day).AddHours(hour).ToUnixTimeMilliseconds();

    public string In(string from, double day, double hour = 12, string? text = "hello", string channel = "sms", CallStatus status = CallStatus.None, int? duration = null)
    {
        var id = Id();
        _events.Add(new AnalysisEvent(id, Ms(day, hour), Direction.Incoming, channel, from, [Owner], text, status, duration));
        return id;
    }

    public string Out(string to, double day, double hour = 12, string? text = "ok", string channel = "sms", long plusMs = 0)
    {
        var id = Id();
        _events.Add(new AnalysisEvent(id, Ms(day, hour) + plusMs, Direction.Outgoing, channel, Owner, [to], text, CallStatus.None, null));
        return id;
    }

    private string Id() => string.Create(CultureInfo.InvariantCulture, $"e{_events.Count:00000}");

    public IReadOnlyList<AnalysisEvent> Ordered => [.. _events.OrderBy(e => e.TimeMs).ThenBy(e => e.Id, StringComparer.Ordinal)];

    public AnalysisResult Analyze(PersonDirectory? persons = null, IReadOnlyList<ProtectiveOrder>? orders = null, string zone = "Etc/UTC") =>
        new ContactAnalyzer(new CaseTimeZone(zone), CaseSettings.Default.Region, orders ?? [])
            .Analyze(Ordered, persons ?? new PersonDirectory([], [], [], new HashSet<string> { Owner }), "--owner");
}

internal static class ResultExtensions
{
    public static ContactReport Of(this AnalysisResult result, string identifier) =>
        result.Contacts.Single(c => c.Person.Identifiers.Contains(identifier));

    public static Indicator? Indicator(this ContactReport report, string code) => report.Indicators.SingleOrDefault(i => i.Code == code);
}
