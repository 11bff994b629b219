using System.Buffers;
using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Reads a Unix mailbox (mboxo, mboxrd, Content-Length mboxcl2) as a stream, one message in memory
/// at a time. A From_ line is <c>From </c>, an envelope sender and optionally an asctime date
/// (<see cref="HeaderSniffing.IsFromLine"/>), so an unescaped "From Russia with love" in a body does
/// not split a message. Each message is an email event at locator <c>mbox byte N</c>, N being the
/// offset of its From_ line; the From_ date is the fallback when the Date field is unusable.
/// The framing is sequential (it is cheap); parsing a message (MimeKit, decoding, hashing) is not, so
/// messages are parsed on the thread pool in chunks of up to <see cref="ChunkMessages"/> (one work item
/// per chunk: a work item per message kept idle pool threads spinning), up to <see cref="MaxInFlight"/>
/// messages ahead of the one being handed on; each from its own copy of the bytes and with its own
/// diagnostics. Events and diagnostics are handed on in file order: the output is the same as one
/// message at a time, whatever the number of cores.
/// </summary>
public sealed class MboxReader : IEvidenceReader
{
    /// <summary>Messages parsed by one thread-pool work item.</summary>
    private const int ChunkMessages = 32;

    private readonly bool _parallel;
    private readonly int _chunkMessages;
    private readonly bool _messageModel;

    public MboxReader()
        : this(parallel: true, ChunkMessages)
    {
    }

    /// <summary>Every message parsed on the reading thread, one after another: the reference the parallel path must equal.</summary>
    public static MboxReader Serial() => new(parallel: false, ChunkMessages);

    /// <summary>
    /// <paramref name="parallel"/> false parses every message on the reading thread as soon as it is
    /// framed (the serial reference the tests compare the parallel path with); <paramref name="chunkMessages"/>
    /// sets how many messages one work item parses (small values force many concurrent work items);
    /// <paramref name="messageModel"/> parses every message into MimeKit's MimeMessage (the reference of
    /// the lean reading, <see cref="EmailEventBuilder.Build"/>).
    /// </summary>
    internal MboxReader(bool parallel, int chunkMessages, bool messageModel = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkMessages, 1);
        _parallel = parallel;
        _chunkMessages = chunkMessages;
        _messageModel = messageModel;
    }

    /// <summary>Bytes after which a chunk is started even when it holds fewer messages.</summary>
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>Messages framed ahead of the one handed on: two chunks per core, so every core has work.</summary>
    private static readonly int MaxInFlight = 2 * ChunkMessages * Math.Max(1, Environment.ProcessorCount);

    /// <summary>Bytes of messages waiting or being parsed; past this the reader waits (one message is always allowed).</summary>
    private const long MaxBytesInFlight = 64L * 1024 * 1024;

    public string Format => EmailFormats.Mbox;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = source.OpenRead();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.SkippedRecord("file", $"could not open the mailbox: {ex.Message}");
            yield break;
        }

        var pending = new Queue<PendingMessage>();
        var chunk = NewChunk(cancellationToken);
        long bytesInFlight = 0;
        // Diagnostics of the framing itself, kept in file order with the messages' own.
        var framing = new ReadContext(context.Source, context.Settings);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                var lines = new LineReader(stream);
                var message = new MboxMessageBuffer();
                var first = true;
                var messages = 0;
                long end = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ReadOnlyMemory<byte> memory;
                    string? error = null;
                    try
                    {
                        if (!lines.TryNext(out memory))
                        {
                            memory = await lines.NextAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (IOException ex)
                    {
                        memory = default;
                        error = ex.Message;
                    }

                    if (error is not null)
                    {
                        framing.SkippedRecord(MboxMessageBuffer.Locator(end), $"reading stopped: {error}; messages before this point were read");
                        break;
                    }

                    if (memory.IsEmpty)
                    {
                        break;
                    }

                    var offset = lines.LineOffset;
                    end = offset + memory.Length;
                    if (first && memory.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    {
                        memory = memory[3..];
                        offset += 3;
                    }

                    first = false;
                    var isFromLine = HeaderSniffing.IsFromLine(memory.Span);
                    if (isFromLine && message.AcceptsSeparatorAt(offset))
                    {
                        framing = Dispatch(message.Finish(offset, framing), framing, pending, ref chunk, ref bytesInFlight, context, cancellationToken);
                        while (pending.Count > 0 && (pending.Count >= MaxInFlight || bytesInFlight > MaxBytesInFlight))
                        {
                            var done = pending.Dequeue();
                            bytesInFlight -= done.Length;
                            if (await done.CompleteAsync(context).ConfigureAwait(false) is { } evt)
                            {
                                messages++;
                                yield return new EventRecord(evt);
                            }
                        }

                        message.Start(offset, offset + memory.Length, MboxMessageBuffer.DateOf(memory.Span));
                        continue;
                    }

                    if (!message.Started)
                    {
                        if (memory.Span.TrimEnd("\r\n"u8).IsEmpty)
                        {
                            continue;
                        }

                        framing.Note(MboxMessageBuffer.Locator(offset), "text before the first From_ line: read as a message without one");
                        message.Start(offset, offset, null);
                    }

                    message.Append(memory.Span, offset, isFromLine);
                }

                framing = Dispatch(message.Finish(end, framing), framing, pending, ref chunk, ref bytesInFlight, context, cancellationToken);
                _ = chunk.Start();
                pending.Enqueue(PendingMessage.Framing(framing));
                while (pending.Count > 0)
                {
                    var done = pending.Dequeue();
                    bytesInFlight -= done.Length;
                    if (await done.CompleteAsync(context).ConfigureAwait(false) is { } evt)
                    {
                        messages++;
                        yield return new EventRecord(evt);
                    }
                }

                if (messages == 0 && context.Skipped == 0)
                {
                    context.Note("file", "no message found in the mailbox");
                }
            }
        }
        finally
        {
            // Stopped early (cancelled, or the consumer left): let the parses finish before their buffers go back to the pool.
            while (pending.TryDequeue(out var left))
            {
                await left.AbandonAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Queues the pieces cut from the mailbox for parsing, each from a pooled copy of its bytes (the line
    /// buffer is reused for the next message), starting the chunk once it is full; returns a fresh
    /// framing sink when the given one was queued in front of the messages it concerns.
    /// </summary>
    private ParseChunk NewChunk(CancellationToken cancellationToken) => new(_parallel, _chunkMessages, cancellationToken);

    private ReadContext Dispatch(List<MboxPiece> pieces, ReadContext framing, Queue<PendingMessage> pending, ref ParseChunk chunk, ref long bytesInFlight, ReadContext context, CancellationToken cancellationToken)
    {
        foreach (var piece in pieces)
        {
            var locator = MboxMessageBuffer.Locator(piece.Offset);
            if (piece.Bytes.Span.TrimEnd("\r\n \t"u8).IsEmpty)
            {
                framing.SkippedRecord(locator, "empty message after the From_ line");
                continue;
            }

            if (framing.Diagnostics.Count > 0)
            {
                pending.Enqueue(PendingMessage.Framing(framing));
                framing = new ReadContext(context.Source, context.Settings);
            }

            if (chunk.IsStarted)
            {
                chunk = NewChunk(cancellationToken); // started early because the reader waited on it
            }

            var length = piece.Bytes.Length;
            var rented = ArrayPool<byte>.Shared.Rent(length);
            piece.Bytes.Span.CopyTo(rented);
            var next = new PendingMessage(new ReadContext(context.Source, context.Settings), chunk, rented, length, locator, new EmailEnvelope(piece.FromLineDate, null, null), _messageModel);
            pending.Enqueue(next);
            bytesInFlight += length;
            if (chunk.Add(next))
            {
                _ = chunk.Start();
                chunk = NewChunk(cancellationToken);
            }
        }

        return framing;
    }

    /// <summary>Messages parsed one after another by one thread-pool work item (or, serial, on the reading thread when started).</summary>
    private sealed class ParseChunk(bool parallel, int capacity, CancellationToken cancellationToken)
    {
        private readonly List<PendingMessage> _messages = [];
        private long _bytes;
        private Task? _running;

        public bool IsStarted => _running is not null;

        /// <summary>Adds a message; true when the chunk is full and should be started.</summary>
        public bool Add(PendingMessage message)
        {
            _messages.Add(message);
            _bytes += message.Length;
            return _messages.Count >= capacity || _bytes >= ChunkBytes;
        }

        /// <summary>Starts the work item (once; an empty chunk needs none).</summary>
        public Task Start()
        {
            if (_running is null)
            {
                var messages = _messages;
                if (messages.Count == 0)
                {
                    _running = Task.CompletedTask;
                }
                else if (parallel)
                {
                    _running = Task.Run(() => ParseAll(messages, cancellationToken), cancellationToken);
                }
                else
                {
                    try
                    {
                        ParseAll(messages, cancellationToken);
                        _running = Task.CompletedTask;
                    }
                    catch (Exception ex)
                    {
                        _running = Task.FromException(ex);
                    }
                }
            }

            return _running;
        }

        private static void ParseAll(List<PendingMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
            {
                message.Parse(cancellationToken);
            }
        }
    }

    /// <summary>A message queued for parsing (or only framing diagnostics), completed in file order.</summary>
    private sealed class PendingMessage(ReadContext diagnostics, ParseChunk? chunk, byte[]? rented, long length, string? locator, EmailEnvelope? envelope, bool messageModel = false)
    {
        private CommunicationEvent? _event;

        public long Length => length;

        public static PendingMessage Framing(ReadContext diagnostics) => new(diagnostics, null, null, 0, null, null);

        /// <summary>Runs on the chunk's work item.</summary>
        public void Parse(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _event = EmailEventBuilder.Build(rented.AsMemory(0, (int)length), envelope!, diagnostics, locator!, cancellationToken, messageModel);
        }

        /// <summary>Waits for the parse, hands its diagnostics to the source's context in order, returns the event.</summary>
        public async Task<CommunicationEvent?> CompleteAsync(ReadContext context)
        {
            try
            {
                if (chunk is not null)
                {
                    await chunk.Start().ConfigureAwait(false);
                }
            }
            finally
            {
                Release();
            }

            foreach (var d in diagnostics.Diagnostics)
            {
                switch (d.Severity)
                {
                    case DiagnosticSeverity.Skipped:
                        context.SkippedRecord(d.Locator, d.Reason);
                        break;
                    case DiagnosticSeverity.Recovered:
                        context.RecoveredRecord(d.Locator, d.Reason);
                        break;
                    default:
                        context.Note(d.Locator, d.Reason);
                        break;
                }
            }

            return _event;
        }

        public async Task AbandonAsync()
        {
            if (chunk is not null)
            {
                try
                {
                    await chunk.Start().ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Abandoned: its outcome is not wanted.
                }
            }

            Release();
        }

        private void Release()
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
                rented = null;
            }
        }
    }
}
