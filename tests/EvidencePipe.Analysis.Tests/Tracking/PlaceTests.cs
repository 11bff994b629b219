using EvidencePipe.Analysis.Tracking;

namespace EvidencePipe.Analysis.Tests.Tracking;

public sealed class PlaceTests
{
    [Fact]
    public void A_place_reads_its_name_centre_and_radius_and_defaults_to_100_metres()
    {
        Assert.Equal(new Place("refuge", 51.5007, -0.1246, 150), Place.Parse("refuge=51.5007,-0.1246,150"));
        Assert.Equal(new Place("her work", 53.4808, -2.2426, 100), Place.Parse("her work=53.4808,-2.2426"));
    }

    [Theory]
    [InlineData("refuge")]
    [InlineData("=51.5,-0.1")]
    [InlineData("refuge=51.5")]
    [InlineData("refuge=51,5,-0,1")]
    [InlineData("refuge=north,-0.1")]
    [InlineData("refuge=91,0")]
    [InlineData("refuge=0,181")]
    [InlineData("refuge=51.5,-0.1,0")]
    [InlineData("refuge=51.5,-0.1,-5")]
    [InlineData("refuge=NaN,0")]
    public void A_malformed_place_is_refused_with_a_reason(string spec) =>
        Assert.Throws<FormatException>(() => Place.Parse(spec));
}
