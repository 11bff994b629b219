using System.Threading.Channels;

namespace EvidencePipe.Analysis.Streaming;

/// <summary>
/// Reads a sequence on another thread in batches through a bounded channel (DESIGN.md: bounded
/// channels between stages), so reading the store and scoring overlap on two cores while at most
/// <c>capacity × batchSize</c> items are in flight — memory stays flat. Order is kept; a fault in
/// the reader is rethrown to the consumer; leaving early cancels the reader.
/// </summary>
public static class Prefetch
{
    public static IEnumerable<T> InBatches<T>(IEnumerable<T> source, CancellationToken cancellationToken, int batchSize = 4096, int capacity = 4)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<T[]>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<T>(batchSize);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count == batchSize)
                    {
                        await channel.Writer.WriteAsync([.. batch], stop.Token).ConfigureAwait(false);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync([.. batch], stop.Token).ConfigureAwait(false);
                }

                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);

        try
        {
            while (channel.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    foreach (var item in batch)
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // The consumer left early; the reader stopped as asked.
            }
        }
    }
}
