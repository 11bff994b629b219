using System.Runtime.CompilerServices;
using System.Text.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Json;

/// <summary>
/// The message objects of a JSON export, one parsed document at a time (the caller disposes each;
/// the path is the walker's own, valid until the next item),
/// with damage and oversized messages reported through the context — the loop the Telegram and
/// Meta readers share.
/// </summary>
internal static class JsonMessageStream
{
    public static async IAsyncEnumerable<(JsonDocument Document, JsonPath Path)> ReadAsync(
        Stream stream,
        Func<JsonPath, JsonTokenType, JsonAction> decide,
        Func<JsonPath, bool> isMessage,
        int maxMessageBytes,
        ReadContext context,
        string noMessagesNote,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long messages = 0;
        using (var walker = new JsonStreamWalker(stream, decide, maxMessageBytes))
        {
            while (true)
            {
                var step = await walker.NextAsync(cancellationToken).ConfigureAwait(false);
                if (step.Kind == JsonStepKind.End)
                {
                    break;
                }

                if (step.Kind == JsonStepKind.Error)
                {
                    context.SkippedRecord($"byte {step.Offset}", $"reading stopped: {step.Error}");
                    break;
                }

                if (step.Kind == JsonStepKind.Oversized)
                {
                    messages += isMessage(walker.Path) ? 1 : 0;
                    context.SkippedRecord($"{walker.Path} byte {step.Offset}", $"{step.Error}; left out");
                    continue;
                }

                if (step.Value is not { } document || !isMessage(walker.Path))
                {
                    step.Value?.Dispose();
                    continue;
                }

                messages++;
                yield return (document, walker.Path); // valid until the next item is requested
            }
        }

        if (messages == 0)
        {
            context.Note("file", noMessagesNote);
        }
    }
}
