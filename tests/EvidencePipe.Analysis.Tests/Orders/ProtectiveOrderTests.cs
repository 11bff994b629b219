using EvidencePipe.Analysis.Orders;

namespace EvidencePipe.Analysis.Tests.Orders;

public sealed class ProtectiveOrderTests
{
    [Fact]
    public void A_full_spec_is_parsed()
    {
        var order = ProtectiveOrder.Parse("party=07700900666,from=2024-04-01,to=2024-10-01,type=SPO");
        Assert.Equal("07700900666", order.Party);
        Assert.Equal(new DateOnly(2024, 4, 1), order.From);
        Assert.Equal(new DateOnly(2024, 10, 1), order.To);
        Assert.Equal(OrderType.Spo, order.Type);
    }

    [Fact]
    public void An_order_without_an_end_is_open_and_a_restraining_order_by_default()
    {
        var order = ProtectiveOrder.Parse("party=name:Jordan,from=2024-04-01");
        Assert.Null(order.To);
        Assert.Equal(OrderType.Ro, order.Type);
    }

    [Theory]
    [InlineData("from=2024-04-01")]
    [InlineData("party=x")]
    [InlineData("party=x,from=01/04/2024")]
    [InlineData("party=x,from=2024-04-01,type=ASBO")]
    [InlineData("party=x,from=2024-04-02,to=2024-04-01")]
    [InlineData("party=x,from=2024-04-01,colour=red")]
    public void Bad_specs_are_rejected_with_the_spec_named(string spec) =>
        Assert.Contains(spec, Assert.Throws<FormatException>(() => ProtectiveOrder.Parse(spec)).Message, StringComparison.Ordinal);
}
