using System.Buffers;
using System.Text.Json;

namespace EvidencePipe.Readers.Json;

/// <summary>What to do with the value the walker has reached.</summary>
public enum JsonAction
{
    /// <summary>Pass over it (streamed, whatever its size).</summary>
    Skip,

    /// <summary>Walk into the object or array and decide on each member.</summary>
    Descend,

    /// <summary>Hand the whole value to the caller as a <see cref="JsonDocument"/>.</summary>
    Capture,
}

public enum JsonStepKind
{
    /// <summary>A captured value: <see cref="JsonStep.Value"/> is set; the caller disposes it.</summary>
    Value,

    /// <summary>A value chosen for capture was larger than the per-value limit; it was passed over.</summary>
    Oversized,

    /// <summary>The document ended (or, for a sniffing head, the bytes ran out).</summary>
    End,

    /// <summary>The JSON is damaged at <see cref="JsonStep.Offset"/>; nothing more can be read.</summary>
    Error,
}

/// <param name="Offset">Byte offset in the stream where the value (or the damage) starts.</param>
public sealed record JsonStep(JsonStepKind Kind, JsonDocument? Value, long Offset, string? Error);

/// <summary>
/// Walks a JSON document token by token with <see cref="Utf8JsonReader"/> over a stream (RFC 8259),
/// holding only the current token — or, for a value the caller chose to capture, that one value — in
/// memory. A multi-gigabyte export is read in one pass with a buffer the size of its largest message.
/// The caller decides per value, by its <see cref="JsonPath"/>, to skip, descend into or capture it.
/// </summary>
public sealed class JsonStreamWalker : IDisposable
{
    public const int DefaultMaxValueBytes = 16 << 20;

    private const int InitialBuffer = 1 << 16;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    private readonly Stream _stream;
    private readonly Func<JsonPath, JsonTokenType, JsonAction> _decide;
    private readonly int _maxValueBytes;
    private readonly bool _headOnly;
    private readonly List<Frame> _frames = [];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferBase;
    private bool _final;
    private bool _bomChecked;
    private bool _popPending;
    private bool _done;
    private int _ignoreDepth;
    private bool _ignoredHasSegment;
    private JsonReaderState _state = new(ReaderOptions);

    /// <param name="headOnly">The bytes are only the start of a file (sniffing): running out ends the walk quietly.</param>
    public JsonStreamWalker(Stream stream, Func<JsonPath, JsonTokenType, JsonAction> decide, int maxValueBytes = DefaultMaxValueBytes, bool headOnly = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(decide);
        _stream = stream;
        _decide = decide;
        _maxValueBytes = maxValueBytes;
        _headOnly = headOnly;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    }

    /// <summary>The path of the value last returned (or being decided on).</summary>
    public JsonPath Path { get; } = new();

    /// <summary>Bytes of the stream consumed so far.</summary>
    public long Position => _bufferBase + _start;

    public async ValueTask<JsonStep> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = Step();
            if (step is not null)
            {
                return step;
            }

            var room = PrepareRoom();
            if (room is { } error)
            {
                return Fail(error);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            Filled(read);
        }
    }

    /// <summary>The synchronous walk, for sniffers working on an in-memory head.</summary>
    public JsonStep Next()
    {
        while (true)
        {
            var step = Step();
            if (step is not null)
            {
                return step;
            }

            var room = PrepareRoom();
            if (room is { } error)
            {
                return Fail(error);
            }

            Filled(_stream.Read(_buffer.AsSpan(_end)));
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Filled(int read)
    {
        if (read == 0)
        {
            _final = true;
        }

        _end += read;
        if (!_bomChecked && (_end - _start >= 3 || _final))
        {
            _bomChecked = true;
            if (_buffer.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _start += 3; // UTF-8 BOM: RFC 8259 §8.1 lets parsers ignore it
            }
        }
    }

    /// <summary>Moves unread bytes to the front and grows the buffer when one token or value fills it.</summary>
    private string? PrepareRoom()
    {
        if (_start > 0)
        {
            var unread = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            _bufferBase += _start;
            _start = 0;
            _end = unread;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxValueBytes + InitialBuffer)
            {
                return $"a single JSON token is longer than {_buffer.Length} bytes";
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxValueBytes + InitialBuffer));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return null;
    }

    private JsonStep Fail(string error)
    {
        _done = true;
        return new JsonStep(JsonStepKind.Error, null, Position, error);
    }

    /// <summary>Reads tokens from the buffer; null means "need more bytes".</summary>
    private JsonStep? Step()
    {
        if (_done)
        {
            return new JsonStep(JsonStepKind.End, null, Position, null);
        }

        if (_popPending)
        {
            _popPending = false;
            Path.Pop();
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            return Walk(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // InvalidOperationException: a property name that is not valid UTF-8.
            _done = true;
            var at = _bufferBase + _start + reader.BytesConsumed;
            if (_headOnly)
            {
                return new JsonStep(JsonStepKind.End, null, at, null);
            }

            var line = ex is JsonException { LineNumber: { } n } ? $"line {n + 1}, " : string.Empty;
            return new JsonStep(JsonStepKind.Error, null, at, $"JSON damaged ({line}byte {at}): {ex.Message}");
        }
    }

    private JsonStep? Walk(ref Utf8JsonReader reader)
    {
        while (true)
        {
            var stateBefore = reader.CurrentState;
            var consumedBefore = reader.BytesConsumed;
            if (!reader.Read())
            {
                Commit(ref reader);
                if (_final)
                {
                    _done = true;
                    return new JsonStep(JsonStepKind.End, null, Position, null);
                }

                return null;
            }

            var token = reader.TokenType;
            if (_ignoreDepth > 0)
            {
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    _ignoreDepth++;
                }
                else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && --_ignoreDepth == 0 && _ignoredHasSegment)
                {
                    Path.Pop();
                }

                continue;
            }

            switch (token)
            {
                case JsonTokenType.PropertyName:
                    _frames[^1] = _frames[^1] with { Name = reader.GetString() };
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _frames.RemoveAt(_frames.Count - 1);
                    if (_frames.Count > 0)
                    {
                        Path.Pop(); // the closed container's own segment (the root has none)
                    }

                    continue;
            }

            var start = _bufferBase + _start + reader.TokenStartIndex;
            var pushed = PushValueSegment();
            var container = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
            var action = _decide(Path, token);
            if (action == JsonAction.Descend && container)
            {
                _frames.Add(new Frame(token == JsonTokenType.StartArray, null, 0));
                continue;
            }

            if (action == JsonAction.Capture)
            {
                var probe = reader;
                if (!probe.TrySkip())
                {
                    if (_end - _start - consumedBefore >= _maxValueBytes)
                    {
                        // Stream past the rest without keeping it; the caller reports it.
                        _ignoreDepth = 1;
                        _ignoredHasSegment = pushed;
                        Commit(ref reader);
                        return new JsonStep(JsonStepKind.Oversized, null, start, $"value larger than {_maxValueBytes} bytes");
                    }

                    // Not all of the value is in the buffer yet: rewind to its first token and read more.
                    PopValueSegment(pushed);
                    _start += (int)consumedBefore;
                    _state = stateBefore;
                    return null;
                }

                var document = JsonDocument.ParseValue(ref reader);
                Commit(ref reader);
                _popPending = pushed;
                return new JsonStep(JsonStepKind.Value, document, start, null);
            }

            if (container && !reader.TrySkip())
            {
                _ignoreDepth = 1; // streamed past token by token, however large
                _ignoredHasSegment = pushed;
                continue;
            }

            if (pushed)
            {
                Path.Pop();
            }
        }
    }

    private bool PushValueSegment()
    {
        if (_frames.Count == 0)
        {
            return false; // the root value has no segment
        }

        var frame = _frames[^1];
        if (frame.IsArray)
        {
            Path.Push(null, frame.Count);
            _frames[^1] = frame with { Count = frame.Count + 1 };
        }
        else
        {
            Path.Push(frame.Name ?? string.Empty, -1);
        }

        return true;
    }

    private void PopValueSegment(bool pushed)
    {
        if (!pushed)
        {
            return;
        }

        Path.Pop();
        if (_frames[^1].IsArray)
        {
            _frames[^1] = _frames[^1] with { Count = _frames[^1].Count - 1 };
        }
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private readonly record struct Frame(bool IsArray, string? Name, long Count);
}
