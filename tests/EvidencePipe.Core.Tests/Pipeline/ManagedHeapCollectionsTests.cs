using System.Runtime;
using EvidencePipe.Pipeline;

namespace EvidencePipe.Core.Tests.Pipeline;

/// <summary>The runtime's latency mode is the whole process's: nothing else may run beside it.</summary>
[CollectionDefinition(nameof(ManagedHeapCollectionsTests), DisableParallelization = true)]
public sealed class ManagedHeapCollectionsDefinition;

[Collection(nameof(ManagedHeapCollectionsTests))]
public sealed class ManagedHeapCollectionsTests
{
    [Fact]
    public void With_the_heap_on_huge_pages_the_runtime_allocates_the_given_bytes_without_a_collection()
    {
        var advice = new ManagedHeapAdvice(new HeapRange(0, HugePages.Size), null);
        try
        {
            // Starting the region may itself collect once (to begin from an empty young generation); counted from here.
            Assert.True(ManagedHeapHugePages.DeferFirstCollections(advice, 32L << 20));
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var collections = GC.CollectionCount(0);

            // 8 MiB of short-lived arrays, a quarter of what was asked for: no collection in between (the runtime's count).
            var sum = 0L;
            for (var i = 0; i < 8 * 1024; i++)
            {
                var block = new byte[1024 - 24];
                block[i % block.Length] = 1;
                sum += block.Length;
            }

            Assert.True(sum > 7L << 20);
            Assert.Equal(collections, GC.CollectionCount(0));
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }
}
