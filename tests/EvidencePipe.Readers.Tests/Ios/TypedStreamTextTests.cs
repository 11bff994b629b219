using System.Text;
using EvidencePipe.Readers.Ios;
using EvidencePipe.Readers.Tests.PhoneDb;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Tests.Ios;

/// <summary>
/// The real imessage_chat.db stores every message twice — in <c>text</c> and in the typedstream
/// <c>attributedBody</c> — so the plain column is an independent oracle for the decoder (where the two agree).
/// </summary>
public sealed class TypedStreamTextTests
{
    [Fact]
    public void Every_real_attributed_body_decodes_to_the_text_column()
    {
        var pairs = new List<(long RowId, string Text, byte[] Body)>();
        var uri = new Uri(PhoneDbTestFiles.Ios("imessage_chat.db")).AbsoluteUri + "?mode=ro&immutable=1";
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT ROWID, text, attributedBody FROM message WHERE attributedBody IS NOT NULL ORDER BY ROWID";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pairs.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]));
            }
        }

        Assert.Equal(10, pairs.Count);
        Assert.Contains(pairs, p => Encoding.UTF8.GetByteCount(p.Text) >= 0x80); // the 0x81 length form is exercised
        // In ROWID 6 and 10 the two columns disagree ("Open Office" in text, "Microsoft Office" in
        // attributedBody): the fixture's text was edited. The expected strings there were decoded by
        // hand with Python (find b"\x84\x01+" after b"NSString", read the length, decode UTF-8).
        var edited = new Dictionary<long, string>
        {
            [6] = "It does have it’s own ‘office’ software, but you can also install Microsoft Office, which I have a copy of.",
            [10] = "Hi Eireanne, I've left a USB stick up at my Mum's with Microsoft Office on it.",
        };
        Assert.All(pairs, p =>
        {
            Assert.True(TypedStreamText.TryExtract(p.Body, out var text), $"ROWID {p.RowId}");
            Assert.Equal(edited.GetValueOrDefault(p.RowId, p.Text), text);
        });
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x62, 0x70, 0x6C, 0x69, 0x73, 0x74, 0x30, 0x30 })] // "bplist00": an NSKeyedArchiver plist, not a typedstream
    public void Non_typedstream_blobs_are_refused(byte[] blob)
    {
        Assert.False(TypedStreamText.TryExtract(blob, out _));
    }

    [Fact]
    public void A_length_running_past_the_end_is_refused()
    {
        var blob = Encoding.Latin1.GetBytes("\u0004\u000Bstreamtyped\u0084\u0084\u0008NSString\u0001\u0095\u0084\u0001+\u0081\u00FF\u00FFabc");

        Assert.False(TypedStreamText.TryExtract(blob, out _));
    }
}
