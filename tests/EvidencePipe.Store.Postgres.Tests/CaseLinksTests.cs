using EvidencePipe.Application.Lab;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>The documented noise rule of <c>links</c> (README "Lab"): services and display names are not people.</summary>
public sealed class CaseLinksTests
{
    [Theory]
    [InlineData("name:Jordan")] // a display name: the same first name is not the same person
    [InlineData("tel:81234")] // a short code (bank, delivery, 2FA)
    [InlineData("tel:HSBC")] // an alphanumeric sender id
    [InlineData("email:no-reply@bank.example")]
    [InlineData("email:noreply+receipts@shop.example")]
    [InlineData("email:mailer-daemon@mail.example")]
    [InlineData("email:postmaster@example.net")]
    public void A_service_or_a_display_name_is_noise(string identifier) => Assert.True(CaseLinks.IsNoise(identifier));

    [Theory]
    [InlineData("tel:+447700900666")]
    [InlineData("email:jordan@example.net")]
    [InlineData("email:reply.guy@example.net")]
    [InlineData("handle:telegram:12345")]
    public void A_person_s_number_address_or_handle_is_kept(string identifier) => Assert.False(CaseLinks.IsNoise(identifier));
}
