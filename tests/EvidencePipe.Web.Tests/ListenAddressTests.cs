namespace EvidencePipe.Web.Tests;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("127.1.2.3:80", true)]
    [InlineData("localhost:8080", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("0.0.0.0:8080", false)]
    [InlineData("[::]:8080", false)]
    [InlineData("10.0.0.5:443", false)]
    public void Only_loopback_addresses_count_as_this_machine_only(string value, bool loopback) =>
        Assert.Equal(loopback, ListenAddress.Parse(value).IsLoopback);

    [Theory]
    [InlineData("8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:-1")]
    public void A_value_without_a_valid_port_is_refused(string value) =>
        Assert.Throws<Application.CaseOptionException>(() => ListenAddress.Parse(value));
}
