namespace EvidencePipe.Pipeline;

/// <summary>
/// A bound on the bytes of records in flight between the parse workers and the store writer (issue 19 item 7).
/// A channel bounded in items alone lets 64 batches of 512 records of 4 Mi characters each sit in memory; the
/// workers take a batch's bytes from here before queueing it and the writer gives them back once the batch is
/// committed. Waiters are served in order; a batch larger than the whole budget still goes when nothing else is
/// in flight, so no batch can wait forever.
/// </summary>
public sealed class ByteBudget
{
    private readonly long _capacity;
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiting = new();
    private long _inUse;

    public ByteBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Bytes taken and not yet given back.</summary>
    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Completes once <paramref name="bytes"/> fit (at once when they do now); cancelled with <paramref name="cancellationToken"/>.</summary>
    public Task AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_waiting.Count == 0 && Fits(bytes))
            {
                _inUse += bytes;
                return Task.CompletedTask;
            }

            var waiter = new Waiter(bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.Register(() =>
                {
                    // Whichever of this and Release's TrySetResult wins decides; a cancelled waiter is skipped by Release.
                    if (waiter.Ready.TrySetCanceled(cancellationToken))
                    {
                        lock (_lock)
                        {
                            Drain();
                        }
                    }
                });
            }

            _waiting.Enqueue(waiter);
            return waiter.Ready.Task;
        }
    }

    /// <summary>Gives back bytes an <see cref="AcquireAsync"/> took, letting waiters in.</summary>
    public void Release(long bytes)
    {
        lock (_lock)
        {
            _inUse -= bytes;
            Drain();
        }
    }

    private bool Fits(long bytes) => _inUse == 0 || _inUse + bytes <= _capacity;

    private void Drain()
    {
        while (_waiting.TryPeek(out var next))
        {
            if (next.Ready.Task.IsCompleted)
            {
                _waiting.Dequeue();
                continue;
            }

            if (!Fits(next.Bytes))
            {
                return;
            }

            _waiting.Dequeue();
            if (next.Ready.TrySetResult())
            {
                _inUse += next.Bytes;
                next.Registration.Dispose();
            }
        }
    }

    private sealed class Waiter(long bytes, TaskCompletionSource ready)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Ready { get; } = ready;

        public CancellationTokenRegistration Registration { get; set; }
    }
}
