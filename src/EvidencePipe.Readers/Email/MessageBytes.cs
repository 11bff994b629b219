using System.Buffers;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>Reads one message's worth of a stream into memory, bounded by <see cref="EmailFormats.MaxMessageBytes"/>.</summary>
internal static class MessageBytes
{
    /// <summary>All remaining bytes, or null (with a diagnostic) when the source is unreadable or too large.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAllAsync(EvidenceSource source, ReadContext context, string locator, CancellationToken cancellationToken)
    {
        if (source.Length > EmailFormats.MaxMessageBytes)
        {
            context.SkippedRecord(locator, $"message of {source.Length} bytes is larger than the {EmailFormats.MaxMessageBytes}-byte limit: not read");
            return null;
        }

        try
        {
            var stream = source.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(source.Length + 1, 256, EmailFormats.MaxMessageBytes));
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var n = await stream.ReadAsync(buffer.GetMemory(EvidenceSource.BufferSize), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return buffer.WrittenMemory;
                    }

                    buffer.Advance(n);
                    if (buffer.WrittenCount > EmailFormats.MaxMessageBytes)
                    {
                        context.SkippedRecord(locator, $"message is larger than the {EmailFormats.MaxMessageBytes}-byte limit: not read");
                        return null;
                    }
                }
            }
        }
        catch (IOException ex)
        {
            context.SkippedRecord(locator, $"could not read the file: {ex.Message}");
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            context.SkippedRecord(locator, $"could not read the file: {ex.Message}");
            return null;
        }
    }
}
