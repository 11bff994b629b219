using EvidencePipe.Analysis.Tracking;

namespace EvidencePipe.Analysis.Tests.Tracking;

public sealed class PlaceListTests
{
    private static readonly Place Home = new("home", 51.5, -0.12, 150);
    private static readonly Place Work = new("work", 53.48, -2.24, 100);

    [Fact]
    public void One_off_places_follow_the_stored_ones_in_the_order_given()
    {
        var extra = new Place("gym", 51.6, -0.1, 50);

        Assert.Equal([Home, Work, extra], PlaceList.Combine([Home, Work], [extra]));
        Assert.Equal([extra], PlaceList.Combine([], [extra]));
        Assert.Equal([Home, Work], PlaceList.Combine([Home, Work], []));
    }

    [Fact]
    public void A_one_off_place_with_a_stored_name_in_any_case_stands_in_for_it_at_its_position()
    {
        var wider = new Place("HOME", 51.5, -0.12, 500);

        Assert.Equal([wider, Work], PlaceList.Combine([Home, Work], [wider]));
    }
}
