namespace EvidencePipe.Web.Tests;

/// <summary><c>serve</c>'s refusals, through the real CLI: they happen before anything listens.</summary>
public sealed class ServeCommandTests(ServedCase served) : IClassFixture<ServedCase>
{
    [Theory]
    [InlineData("0.0.0.0:0")]
    [InlineData("[::]:0")]
    [InlineData("192.0.2.10:8080")]
    public async Task A_non_loopback_listen_without_users_is_refused_with_exit_1_and_the_reason(string listen)
    {
        var run = await ServedCase.Cli("serve", "--case", served.CaseDir, "--listen", listen);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("reachable from other machines: give --users FILE", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_listen_address_that_is_a_host_name_is_refused()
    {
        var run = await ServedCase.Cli("serve", "--case", served.CaseDir, "--listen", "example.org:80");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not an IP address", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_case_is_refused()
    {
        var run = await ServedCase.Cli("serve", "--case", Path.Combine(served.CaseDir, "no-such-case"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not a case", run.Stderr, StringComparison.Ordinal);
    }
}
