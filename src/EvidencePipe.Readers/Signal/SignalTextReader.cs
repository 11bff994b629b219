using System.Runtime.CompilerServices;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.Signal;

/// <summary>
/// Reads a Signal plain-text chat export (<c>[YYYY-MM-DD, HH:MM] Sender: text</c>, continuation
/// lines belong to the message above). Streamed twice: senders first (for recipients), then the
/// messages. Times are naive local and placed in the case zone. Locators are <c>line N</c>.
/// </summary>
public sealed class SignalTextReader : IEvidenceReader
{
    public const string FormatName = "signal-text";

    private const int MaxLineBytes = 256 * 1024;
    private const int MaxMessageChars = 1 << 20;
    private const int MaxParticipants = 1024;

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var participants = await SurveyAsync(source, context, cancellationToken).ConfigureAwait(false);
        var ownerKnown = participants.Keys.Any(context.Settings.IsOwner);
        var times = new LocalTimeSequence(context.TimeZone);
        var thread = "signal:" + (participants.Count > 0 ? string.Join(",", participants.Keys) : "file@" + context.Source.Sha256[..12]);
        var names = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(participants);
        Pending? pending = null;
        long headers = 0;
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var lines = new ChatLineReader(stream, MaxLineBytes, EvidenceSource.BufferSize);
            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var locator = $"line {line.Number}";
                if (line.InvalidUtf8 || line.Truncated)
                {
                    context.RecoveredRecord(locator, line.Truncated ? $"line longer than {MaxLineBytes} bytes cut" : "invalid UTF-8 replaced with U+FFFD");
                }

                // Exports never contain NUL; zero-filled damage before a header hides it, merging two messages.
                if (line.Text.Contains('\0', StringComparison.Ordinal))
                {
                    context.Note(locator, "NUL bytes in the line (damage or zero-filled space); a message header behind them is not recognised");
                }

                var header = SignalLine.Parse(line.Text, out var invalid);
                if (header is null && !invalid)
                {
                    if (pending is null)
                    {
                        if (line.Text.Trim().Length > 0)
                        {
                            context.SkippedRecord(locator, "text before the first message header belongs to no message");
                        }
                    }
                    else
                    {
                        pending.Append(line.Text);
                    }

                    continue;
                }

                if (pending is not null)
                {
                    yield return new EventRecord(pending.ToEvent(context, times, participants, names, ownerKnown, thread));
                    pending = null;
                }

                if (invalid)
                {
                    context.SkippedRecord(locator, $"message header with an impossible date or time: '{line.Text[..Math.Min(40, line.Text.Length)]}'");
                    continue;
                }

                headers++;
                pending = new Pending(locator, header!.Value.Local, header.Value.Body);
            }

            if (pending is not null)
            {
                yield return new EventRecord(pending.ToEvent(context, times, participants, names, ownerKnown, thread));
            }

            if (headers == 0)
            {
                context.Note("file", "no Signal message header ([YYYY-MM-DD, HH:MM] Sender: text) found");
            }
        }
    }

    private static string IdentifierOf(string sender, ReadContext context) => SenderIdentity.Of(sender, context);

    private static async Task<SortedDictionary<string, string>> SurveyAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken)
    {
        var participants = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var lines = new ChatLineReader(stream, MaxLineBytes, EvidenceSource.BufferSize);
            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (participants.Count < MaxParticipants && SignalLine.Parse(line.Text, out _) is { } header && SignalLine.Split(header.Body).Sender is { } sender)
                {
                    participants.TryAdd(IdentifierOf(sender, context), sender);
                }
            }
        }

        return participants;
    }

    private sealed class Pending(string locator, DateTime local, string body)
    {
        private readonly StringBuilder _text = new(SignalLine.Split(body).Text);
        private bool _cut;

        public void Append(string line)
        {
            if (_text.Length + 1 + line.Length > MaxMessageChars)
            {
                _cut = true;
                return;
            }

            _text.Append('\n').Append(line);
        }

        public CommunicationEvent ToEvent(ReadContext context, LocalTimeSequence times, SortedDictionary<string, string> participants, IReadOnlyDictionary<string, string> names, bool ownerKnown, string thread)
        {
            if (_cut)
            {
                context.RecoveredRecord(locator, $"message longer than {MaxMessageChars} characters; cut");
            }

            var sender = SignalLine.Split(body).Sender;
            var from = sender is null ? null : IdentifierOf(sender, context);
            var direction = from is null ? Direction.Unknown
                : context.Settings.IsOwner(from) ? Direction.Outgoing
                : ownerKnown ? Direction.Incoming : Direction.Unknown;
            return new CommunicationEvent
            {
                Id = context.EventId(locator),
                Kind = EventKind.Message,
                Channel = Channels.Signal,
                Direction = direction,
                Time = times.Next(local),
                From = from,
                To = from is null ? [] : participants.Keys.Where(k => k != from).ToList(),
                Names = from is not null && !participants.ContainsKey(from) ? new SortedDictionary<string, string>(participants, StringComparer.Ordinal) { [from] = sender! } : names,
                Text = _text.ToString(),
                ThreadId = thread,
                Source = context.Locate(locator),
            };
        }
    }
}
