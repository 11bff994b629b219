using System.Text.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Json;

/// <summary>
/// The first of a JSON reader's two passes: every value the decide function selects is handed to a
/// survey (participants, owner, app marks) before any event is built. Damage is left for the second
/// pass to report, so it is reported once.
/// </summary>
internal static class JsonSurveyPass
{
    /// <returns>False when the source cannot be opened (reported as skipped).</returns>
    public static async Task<bool> RunAsync(
        EvidenceSource source,
        ReadContext context,
        Func<JsonPath, JsonTokenType, JsonAction> decide,
        int maxMessageBytes,
        Action<JsonPath, JsonElement> take,
        CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = source.OpenRead();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            context.SkippedRecord("file", $"cannot open: {ex.GetType().Name}: {ex.Message}");
            return false;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var walker = new JsonStreamWalker(stream, decide, maxMessageBytes);
            while (await walker.NextAsync(cancellationToken).ConfigureAwait(false) is { Kind: not (JsonStepKind.End or JsonStepKind.Error) } step)
            {
                if (step.Value is not { } document)
                {
                    continue;
                }

                using (document)
                {
                    try
                    {
                        take(walker.Path, document.RootElement);
                    }
                    catch (InvalidOperationException)
                    {
                        // invalid UTF-8 in a string: the second pass reports the record
                    }
                }
            }
        }

        return true;
    }
}
