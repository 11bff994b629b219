using EvidencePipe.Analysis.Tracking;

namespace EvidencePipe.Analysis.Tests.Tracking;

/// <summary>Haversine distances against values computed independently with Python's math module (R = 6371008.8 m).</summary>
public sealed class GeoDistanceTests
{
    [Fact]
    public void One_degree_of_the_equator_is_the_radius_times_pi_over_180() =>
        // By hand: 6371008.8 × π / 180 = 111195.0802335329 m.
        Assert.Equal(6_371_008.8 * Math.PI / 180, GeoDistance.Metres(0, 0, 0, 1), 6);

    [Theory]
    // python: hav(51.5007,-0.1246, 51.5010,-0.1240) etc. with math.sin/cos/asin.
    [InlineData(51.5007, -0.1246, 51.5010, -0.1240, 53.269709663064546)]
    [InlineData(51.5007, -0.1246, 51.5025, -0.1246, 200.15114441955458)]
    [InlineData(51.5007, -0.1246, 53.4808, -2.2426, 262731.37932430167)]
    [InlineData(0, 179.9, 0, -179.9, 22239.016046706758)]
    public void Distances_match_an_independent_computation(double lat1, double lon1, double lat2, double lon2, double metres)
    {
        Assert.Equal(metres, GeoDistance.Metres(lat1, lon1, lat2, lon2), 6);
        Assert.Equal(metres, GeoDistance.Metres(lat2, lon2, lat1, lon1), 6);
    }
}
