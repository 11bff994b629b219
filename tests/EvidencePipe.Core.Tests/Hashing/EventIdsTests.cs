using EvidencePipe.Hashing;

namespace EvidencePipe.Core.Tests.Hashing;

public sealed class EventIdsTests
{
    private const string Sha = "0f343b0931126a20f133d67c2b018a3b5d3e1e2f7c6e5fd3f1e9d0c4b3a29180";

    [Fact]
    public void The_same_source_and_locator_always_give_the_same_id() =>
        Assert.Equal(EventIds.For(Sha, "sms[1] line 3"), EventIds.For(Sha, "sms[1] line 3"));

    [Fact]
    public void Different_locators_or_sources_give_different_ids()
    {
        Assert.NotEqual(EventIds.For(Sha, "sms[1] line 3"), EventIds.For(Sha, "sms[2] line 4"));
        Assert.NotEqual(EventIds.For(Sha, "line 1"), EventIds.For(Sha.Replace('0', '1'), "line 1"));
    }

    [Fact]
    public void The_id_is_the_first_128_bits_of_SHA256_of_sha_NUL_locator()
    {
        // Independent computation: python3 -c "import hashlib;print(hashlib.sha256(b'abc\x00line 1').hexdigest()[:32])"
        Assert.Equal("1f38d9da366ea7bbe4ebcf71a5bd147a", EventIds.For("abc", "line 1"));
    }
}
