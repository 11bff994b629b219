using EvidencePipe.Pipeline;

namespace EvidencePipe.Core.Tests.Pipeline;

public sealed class ByteBudgetTests
{
    [Fact]
    public void Bytes_within_the_budget_are_taken_at_once_and_bytes_beyond_it_wait_until_some_are_given_back()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.AcquireAsync(60, CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(budget.AcquireAsync(40, CancellationToken.None).IsCompletedSuccessfully);

        var waiting = budget.AcquireAsync(30, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(100, budget.InUse);

        budget.Release(20);
        Assert.False(waiting.IsCompleted); // 80 + 30 > 100

        budget.Release(40);
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal(40 + 30, budget.InUse);
    }

    [Fact]
    public void A_request_larger_than_the_whole_budget_goes_alone_once_nothing_else_is_in_flight()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.AcquireAsync(10, CancellationToken.None).IsCompletedSuccessfully);
        var huge = budget.AcquireAsync(1_000, CancellationToken.None);
        Assert.False(huge.IsCompleted);

        budget.Release(10);
        Assert.True(huge.IsCompletedSuccessfully);
        Assert.Equal(1_000, budget.InUse);
    }

    [Fact]
    public void Waiters_are_served_in_order_so_a_large_request_is_not_overtaken_forever()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.AcquireAsync(90, CancellationToken.None).IsCompletedSuccessfully);
        var large = budget.AcquireAsync(80, CancellationToken.None);
        var small = budget.AcquireAsync(5, CancellationToken.None);
        Assert.False(small.IsCompleted); // would fit (95), but the large request came first

        budget.Release(90);
        Assert.True(large.IsCompletedSuccessfully);
        Assert.True(small.IsCompletedSuccessfully);
        Assert.Equal(85, budget.InUse);
    }

    [Fact]
    public void A_cancelled_waiter_takes_no_bytes_and_does_not_hold_up_the_next()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.AcquireAsync(100, CancellationToken.None).IsCompletedSuccessfully);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.AcquireAsync(50, cancel.Token);
        var next = budget.AcquireAsync(50, CancellationToken.None);

        cancel.Cancel();
        Assert.True(cancelled.IsCanceled);
        budget.Release(100);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(50, budget.InUse);
    }
}
