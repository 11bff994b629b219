using System.Security.Cryptography;
using EvidencePipe.Synthesis;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Core.Tests.Synthesis;

public sealed class CaseSynthesizerTests
{
    [Fact]
    public void The_same_seed_writes_byte_identical_files()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var ra = new CaseSynthesizer(7).Write(a.Path, 500);
        new CaseSynthesizer(7).Write(b.Path, 500);
        foreach (var file in ra.Files)
        {
            Assert.Equal(Hash(a.Combine(file)), Hash(b.Combine(file)));
        }
    }

    [Fact]
    public void Another_seed_writes_a_different_case()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        new CaseSynthesizer(1).Write(a.Path, 500);
        new CaseSynthesizer(2).Write(b.Path, 500);
        Assert.NotEqual(Hash(a.Combine("sms-20240430.xml")), Hash(b.Combine("sms-20240430.xml")));
    }

    [Fact]
    public void The_requested_number_of_events_is_written()
    {
        using var dir = new TempDirectory();
        var result = new CaseSynthesizer(3).Write(dir.Path, 1234);
        Assert.Equal(1234, result.Events);
        Assert.Equal(result.Messages, File.ReadAllText(dir.Combine("sms-20240430.xml")).Split("<sms ").Length - 1);
        Assert.Equal(result.Calls, File.ReadAllText(dir.Combine("calls-20240430.xml")).Split("<call ").Length - 1);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
