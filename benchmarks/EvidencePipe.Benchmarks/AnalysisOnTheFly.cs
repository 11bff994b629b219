using System.Diagnostics;
using System.Globalization;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;
using EvidencePipe.Time;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// <c>analysis-stream --events N [--seed S]</c>: the contact analyzer alone over N events generated on
/// the fly (the benign generator's relationships, so every message goes through folding and the phrase
/// sets), never holding them: wall time, events/s and the process's peak working set. Separates the
/// analyzer's cost and memory from the store's read, and shows whether memory grows with N.
/// </summary>
public static class AnalysisOnTheFly
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var events = 10_000_000;
        var seed = 1UL;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events":
                    events = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = ulong.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    stdout.WriteLine("usage: analysis-stream [--events N] [--seed S]");
                    return 1;
            }
        }

        var region = CaseSettings.Default.Region;
        var owner = Identifier.ForPhone(BenignCaseSynthesizer.OwnerNumber, region);
        var ids = BenignCaseSynthesizer.Personas.Select(p => Identifier.ForPhone(p.Address, region)).ToList();
        var names = BenignCaseSynthesizer.Personas.Select((p, i) => new NameEvidence(ids[i], p.Name, "record")).ToList();
        var n = 0L;
        var stream = new BenignCaseSynthesizer(seed).Generate(events).Select(item =>
        {
            var who = ids[item.Persona];
            var status = item.CallType switch { 1 or 2 => CallStatus.Answered, 3 => CallStatus.Missed, _ => CallStatus.None };
            n++;
            return new AnalysisEvent(
                n.ToString("x16", CultureInfo.InvariantCulture), item.UtcMs,
                item.Incoming ? Direction.Incoming : Direction.Outgoing, item.IsCall ? Channels.Call : Channels.Sms,
                item.Incoming ? who : owner, item.Incoming ? [owner] : [who], item.IsCall ? null : item.Text, status, item.IsCall ? item.Duration : null);
        });

        var clock = Stopwatch.StartNew();
        var result = new ContactAnalyzer(new CaseTimeZone("Europe/London"), region, [])
            .Analyze(stream, new PersonDirectory(names, [], [], new HashSet<string> { owner }), "--owner");
        clock.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"analysis-stream: {n:N0} events (generated on the fly) in {clock.Elapsed.TotalSeconds:0.00} s = {n / clock.Elapsed.TotalSeconds:N0} events/s; {result.Contacts.Count} persons; peak working set {self.PeakWorkingSet64 / 1048576.0:0} MiB; GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        stdout.WriteLine("(generation is included: the benign generator runs on the same thread)");
        return 0;
    }
}
