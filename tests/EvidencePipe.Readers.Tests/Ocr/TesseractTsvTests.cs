using EvidencePipe.Readers.Ocr;

namespace EvidencePipe.Readers.Tests.Ocr;

public sealed class TesseractTsvTests
{
    // Columns of tesseract 5's TSV renderer (level page block par line word left top width height conf text).
    private const string Sample =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
        "1\t1\t0\t0\t0\t0\t0\t0\t720\t900\t-1\t\n" +
        "4\t1\t1\t1\t1\t0\t40\t60\t200\t30\t-1\t\n" +
        "5\t1\t1\t1\t1\t1\t40\t60\t80\t30\t90.5\tHello\n" +
        "5\t1\t1\t1\t1\t2\t130\t62\t110\t28\t50\tthere\n" +
        "5\t1\t2\t1\t1\t1\t500\t200\t10\t30\t88\t|\n" +
        "5\t1\t2\t1\t1\t2\t520\t200\t60\t30\t70\tsaw\n" +
        "5\t1\t2\t1\t1\t3\t600\t200\t40\t30\t-1\t \n";

    [Fact]
    public void Words_are_grouped_into_lines_with_their_boxes_and_the_page_size()
    {
        var page = TesseractTsv.Parse(Sample);

        Assert.Equal((720, 900), (page.Width, page.Height));
        Assert.Equal(["Hello there", "I saw"], page.Lines.Select(l => l.Text));
        Assert.Equal(new OcrBox(40, 60, 200, 30), page.Lines[0].Box); // 40..240 × 60..90
        Assert.Equal("40,60,200,30", page.Lines[0].Box.ToString());
    }

    [Fact]
    public void Confidence_is_weighted_by_characters_and_low_text_is_flagged_with_its_uncertain_words()
    {
        var page = TesseractTsv.Parse(Sample);

        // (90.5×5 + 50×5) / 10 = 70.25, by hand.
        Assert.Equal(70.25, page.Lines[0].Confidence, 6);
        Assert.True(OcrConfidence.IsLow(page.Lines[0].Words));
        Assert.Equal("ocr · confidence 70% · LOW CONFIDENCE: check against the image · uncertain words: there", OcrConfidence.Describe(page.Lines[0].Words.ToList()));
    }

    [Fact]
    public void A_lone_bar_is_read_as_a_capital_I_and_damaged_rows_are_skipped()
    {
        var page = TesseractTsv.Parse("garbage\n5\t1\tx\n" + Sample + "5\t1\t1\t1\t1\t3\tnot-a-number\t0\t1\t1\t99\tlost\n");

        Assert.Equal("I saw", page.Lines[1].Text);
        Assert.DoesNotContain(page.Words, w => w.Text == "lost");
    }
}
