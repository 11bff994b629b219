using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Store.Sqlite.Tests.Pipeline;

/// <summary>
/// A tiny real format for pipeline tests: first line <c>TESTLINES</c>, then one message per line.
/// A line <c>BOOM</c> makes the reader throw (a reader bug); <c>SLOW</c> makes it wait; <c>HOLD</c> waits until
/// <see cref="Release"/> (or cancellation), so a test can stop a run at a known point without timing;
/// <c>UNSUPPORTED</c> as the first line after the magic says the layout is unknown and ends the read;
/// <c>NOCHANNEL</c> and <c>BADATTACHMENT</c> give a record the store cannot take (a reader bug: a required
/// column missing, a null in a list).
/// </summary>
internal sealed class LinesFormat : IFormatSniffer, IEvidenceReader
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LinesFormat(bool held = false)
    {
        if (!held)
        {
            Release();
        }
    }

    public string Format => "test-lines";

    /// <summary>Lets every <c>HOLD</c> line pass.</summary>
    public void Release() => _released.TrySetResult();

    public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith("TESTLINES\n"u8);

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source.OpenRead());
        await reader.ReadLineAsync(cancellationToken);
        var n = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            n++;
            if (line == "BOOM")
            {
                throw new InvalidDataException("boom at line " + n);
            }

            if (line == "UNSUPPORTED")
            {
                context.Unsupported("line 2", "layout not known");
                yield break;
            }

            if (line == "HOLD")
            {
                await _released.Task.WaitAsync(cancellationToken);
                continue;
            }

            if (line == "SLOW")
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }

            var locator = $"line {n}";
            var e = new CommunicationEvent
            {
                Id = context.EventId(locator),
                Kind = EventKind.Message,
                Channel = "sms",
                Time = context.TimeZone.FromUnixMilliseconds(1_700_000_000_000 + n * 1000L),
                From = context.Identify("07700900666"),
                Text = line,
                Source = context.Locate(locator),
            };
            yield return new EventRecord(line switch
            {
                "NOCHANNEL" => e with { Channel = null! },
                "BADATTACHMENT" => e with { Attachments = [null!] },
                _ => e,
            });
        }
    }
}
