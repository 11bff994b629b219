using System.Text;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>
/// Header layouts of non-Latin locales and other calendars, written out here in the shapes WhatsApp
/// exports them (as public parsers document: whats_json's Buddhist, Japanese and Arabic samples). The
/// expected wall-clock times are hand computations stated beside each assertion: Arabic-Indic and
/// Devanagari digits are the same numbers as their ASCII digits; a Buddhist Era year minus 543 is the
/// Common Era year; Reiwa year n is 2018 + n; م / 下午 / 午後 mean p.m. and ص / 上午 a.m.
/// </summary>
public sealed class WhatsAppTextReaderLocaleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Arabic_android_headers_with_arabic_indic_digits_rtl_marks_and_arabic_am_pm_are_read()
    {
        var text =
            "\u0662\u0664\u200F/\u0664\u200F/\u0662\u0660\u0662\u0662\u060C \u0662:\u0660\u0667 \u0645 - \u0639\u0645\u0627\u0631: \u0627\u0644\u0633\u0644\u0627\u0645\n" + // ٢٤‏/٤‏/٢٠٢٢، ٢:٠٧ م - عمار: السلام
            "\u0662\u0665\u200F/\u0664\u200F/\u0662\u0660\u0662\u0662\u060C \u0669:\u0661\u0665 \u0635 - \u0639\u0645\u0627\u0631: \u0635\u0628\u0627\u062D \u0627\u0644\u062E\u064A\u0631\n"; // ٢٥‏/٤‏/٢٠٢٢، ٩:١٥ ص - عمار: صباح الخير

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with \u0639\u0645\u0627\u0631.txt", text);

        Assert.Equal(2, events.Count);
        Assert.Equal(new DateTime(2022, 4, 24, 14, 7, 0), events.At(1).Time.Local.DateTime); // 2:07 م = 14:07
        Assert.Equal("name:\u0639\u0645\u0627\u0631", events.At(1).From);
        Assert.Equal("\u0627\u0644\u0633\u0644\u0627\u0645", events.At(1).Text);
        Assert.Equal(new DateTime(2022, 4, 25, 9, 15, 0), events.At(2).Time.Local.DateTime); // 9:15 ص = 09:15
        Assert.DoesNotContain(context.Diagnostics, d => d.Severity == Reading.DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task Arabic_ios_headers_with_seconds_are_read()
    {
        var text = "[\u0661\u0668/\u0663/\u0662\u0660\u0662\u0662\u060C \u0662:\u0665\u0666:\u0660\u0660 \u0645] Elon: hello\n"; // [١٨/٣/٢٠٢٢، ٢:٥٦:٠٠ م]

        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "_chat.txt", text);

        Assert.Equal(new DateTime(2022, 3, 18, 14, 56, 0), Assert.Single(events).Time.Local.DateTime);
    }

    [Fact]
    public async Task Devanagari_digits_are_read_as_their_values()
    {
        var text = "\u0968\u096A/\u0966\u096A/\u0968\u0968, \u0967\u0966:\u0966\u096B - Ravi: \u0928\u092E\u0938\u094D\u0924\u0947\n"; // २४/०४/२२, १०:०५

        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ravi.txt", text);

        Assert.Equal(new DateTime(2022, 4, 24, 10, 5, 0), Assert.Single(events).Time.Local.DateTime);
    }

    [Fact]
    public async Task Buddhist_era_years_marked_be_are_converted_and_the_date_order_is_still_decided_by_the_file()
    {
        var text =
            "[3/18/2565 BE, 14:56:01] Elon Musk: Messages and calls are end-to-end encrypted.\n" +
            "[3/27/2565 BE, 21:41:35] Dmitry Starkov: Hello World\n" +
            "[1/7/2566 BE, 23:32:30] Elon Musk: again\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "_chat.txt", text);

        // 2565 − 543 = 2022; day 18 and 27 prove month-first, so 1/7 is 7 January 2566 − 543 = 2023.
        Assert.Equal(new DateTime(2022, 3, 18, 14, 56, 1), events.At(1).Time.Local.DateTime);
        Assert.Equal(new DateTime(2022, 3, 27, 21, 41, 35), events.At(2).Time.Local.DateTime);
        Assert.Equal(new DateTime(2023, 1, 7, 23, 32, 30), events.At(3).Time.Local.DateTime);
        Assert.DoesNotContain(context.Diagnostics, d => d.Severity == Reading.DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task An_unmarked_buddhist_year_is_converted_because_no_export_is_dated_after_2552()
    {
        var text = "18/3/2565, 14:56 - Somchai: hello\n";

        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Somchai.txt", text);

        Assert.Equal(new DateTime(2022, 3, 18, 14, 56, 0), Assert.Single(events).Time.Local.DateTime);
    }

    [Fact]
    public async Task Japanese_era_years_are_converted()
    {
        var text =
            "[3/18/R4, 14:56:01] Elon Musk: first\n" +
            "[4/28/R4, 20:17:31] Elon Musk: second\n" +
            "[4/30/H31, 09:00:00] Elon Musk: last day of Heisei\n";

        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "_chat.txt", text);

        Assert.Equal(new DateTime(2022, 3, 18, 14, 56, 1), events.At(1).Time.Local.DateTime); // Reiwa 4 = 2018 + 4
        Assert.Equal(new DateTime(2022, 4, 28, 20, 17, 31), events.At(2).Time.Local.DateTime);
        Assert.Equal(new DateTime(2019, 4, 30, 9, 0, 0), events.At(3).Time.Local.DateTime); // Heisei 31 = 1988 + 31
    }

    [Fact]
    public async Task Time_before_date_layouts_are_read()
    {
        var text =
            "[21:41, 27/03/2022] Ana: bracketed\n" +
            "21:42, 27/03/2022 - Ana: dashed\n" +
            "[9:43 PM, 27/03/2022] Ana: twelve-hour\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ana.txt", text);

        Assert.Equal(new DateTime(2022, 3, 27, 21, 41, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal("bracketed", events.At(1).Text);
        Assert.Equal(new DateTime(2022, 3, 27, 21, 42, 0), events.At(2).Time.Local.DateTime);
        Assert.Equal("dashed", events.At(2).Text);
        Assert.Equal(new DateTime(2022, 3, 27, 21, 43, 0), events.At(3).Time.Local.DateTime);
        Assert.All(events, e => Assert.Equal("name:Ana", e.From));
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task East_asian_am_pm_words_before_the_time_and_spaced_dotted_dates_are_read()
    {
        var text =
            "2022/3/27 \u4E0B\u53489:41 - \u5C0F\u660E: \u4F60\u597D\n" + // 下午9:41
            "2022/3/28 \u4E0A\u534810:05 - \u5C0F\u660E: \u65E9\n" + // 上午10:05
            "2022. 3. 29. \u5348\u5F8C 1:05 - \u5C0F\u660E: \u3053\u3093\u306B\u3061\u306F\n"; // 午後 1:05

        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with \u5C0F\u660E.txt", text);

        Assert.Equal(new DateTime(2022, 3, 27, 21, 41, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal("\u4F60\u597D", events.At(1).Text);
        Assert.Equal(new DateTime(2022, 3, 28, 10, 5, 0), events.At(2).Time.Local.DateTime);
        Assert.Equal(new DateTime(2022, 3, 29, 13, 5, 0), events.At(3).Time.Local.DateTime);
    }

    [Theory]
    [InlineData("\u0662\u0664\u200F/\u0664\u200F/\u0662\u0660\u0662\u0662\u060C \u0662:\u0660\u0667 \u0645 - A: b\n")]
    [InlineData("[3/18/2565 BE, 14:56:01] Elon Musk: hi\n")]
    [InlineData("[3/18/R4, 14:56:01] Elon Musk: hi\n")]
    [InlineData("[21:41, 27/03/2022] Ana: hi\n")]
    [InlineData("2022/3/27 \u4E0B\u53489:41 - A: b\n")]
    public void Every_locale_layout_is_recognised_by_the_sniffer(string text)
    {
        Assert.True(new WhatsAppTextSniffer().Matches(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("[3/18/X4, 14:56:01] A: era letter that is no era\n")]
    [InlineData("[21:41, 27/03] A: time first without a year\n")]
    [InlineData("[3/18/2565 BC, 14:56:01] A: not BE\n")]
    public void Near_misses_are_not_headers(string text)
    {
        Assert.False(new WhatsAppTextSniffer().Matches(Encoding.UTF8.GetBytes(text)));
    }
}
