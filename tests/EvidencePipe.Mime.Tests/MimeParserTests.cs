using System.Text;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Mime.Tests;

/// <summary>Message structure: multiparts, nesting, embedded messages, bounds; and the real corpus.</summary>
public sealed class MimeParserTests
{
    [Fact]
    public void A_multipart_is_split_at_its_boundaries_and_preamble_and_epilogue_are_left_out()
    {
        var (root, problems) = Parse("Content-Type: multipart/mixed; boundary=\"xyz\"\n\npreamble\n--xyz\nContent-Type: text/plain\n\none\n--xyz \n\ntwo\n--xyz--\nepilogue\n");

        Assert.Equal(["one", "two"], root.Children.Select(c => Encoding.ASCII.GetString(c.RawBody)));
        Assert.Empty(problems.Items);
    }

    [Fact]
    public void A_boundary_that_prefixes_another_does_not_split_the_inner_one()
    {
        var (root, _) = Parse("Content-Type: multipart/mixed; boundary=\"a\"\n\n--a\nContent-Type: multipart/alternative; boundary=\"a-b\"\n\n--a-b\n\nin\n--a-b--\n--a--\n");

        var inner = Assert.Single(root.Children);
        Assert.Equal("in", Encoding.ASCII.GetString(Assert.Single(inner.Children).RawBody));
    }

    [Fact]
    public void A_missing_close_delimiter_ends_the_last_part_at_the_end_and_is_reported()
    {
        var (root, problems) = Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nlast part\n");

        Assert.Equal("last part\n", Encoding.ASCII.GetString(Assert.Single(root.Children).RawBody));
        Assert.Contains(problems.Items, p => p.Reason.Contains("never closed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_base64_encoded_embedded_message_is_decoded_and_parsed()
    {
        var inner = Convert.ToBase64String(Encoding.ASCII.GetBytes("Subject: inside\n\nhello\n"));
        var (root, _) = Parse($"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n{inner}\n");

        Assert.Equal("inside", root.Embedded!.Headers["Subject"]);
    }

    [Fact]
    public void Digest_parts_default_to_embedded_messages()
    {
        var (root, _) = Parse("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\nbody\n--d--\n");

        Assert.Equal("message/rfc822", Assert.Single(root.Children).MediaType);
        Assert.Equal("one", root.Children[0].Embedded!.Headers["Subject"]);
    }

    [Fact]
    public void Folded_and_duplicate_header_fields_are_kept_in_order()
    {
        var (root, _) = Parse("Received: a\nReceived: b\nSubject: one\n  two\nX-Obsolete : spaced\n\nbody");

        Assert.Equal(["a", "b"], root.Headers.All("received").Select(f => f.Value));
        Assert.Equal("one  two", root.Headers["Subject"]);
        Assert.Equal("spaced", root.Headers["X-Obsolete"]);
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            sb.Append("Content-Type: message/rfc822\n\n");
        }

        var (root, problems) = Parse(sb + "Subject: bottom\n\nx\n");

        var depth = 0;
        for (var e = root; e.Embedded is not null; e = e.Embedded)
        {
            depth++;
        }

        Assert.Equal(MimeParser.DefaultMaxDepth, depth);
        Assert.Contains(problems.Items, p => p.Reason.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_never_throw(int seed)
    {
        var bytes = new byte[64 * 1024];
        new Random(seed).NextBytes(bytes);
        var problems = new MimeProblems();
        var root = MimeParser.Parse(bytes, problems);
        _ = MessageContent.Extract(root, problems);
    }

    [Fact]
    public void Every_real_email_fixture_parses_and_extracts_without_an_exception()
    {
        var files = Directory.GetFiles(RepoPaths.Fixture("email"), "*", SearchOption.AllDirectories);
        Assert.True(files.Length >= 108);
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            for (var cut = bytes.Length; cut > 0; cut = cut * 2 / 3)
            {
                // The whole file and ever shorter truncations of it.
                var problems = new MimeProblems();
                var root = MimeParser.Parse(bytes.AsMemory(0, cut), problems);
                _ = MessageContent.Extract(root, problems);
            }
        }
    }

    private static (MimeEntity Root, MimeProblems Problems) Parse(string message)
    {
        var problems = new MimeProblems();
        return (MimeParser.Parse(Encoding.UTF8.GetBytes(message), problems), problems);
    }
}
