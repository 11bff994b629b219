using System.Globalization;
using EvidencePipe.Synthesis;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>synth --out DIR [--events N] [--seed S] [--formats LIST] [--benign]</c>: a deterministic synthetic case.</summary>
internal static class SynthCommand
{
    public static int Run(CommandLine cl, TextWriter stdout)
    {
        var outDir = cl.Required("out");
        var events = cl.Int("events", 3000, 10);
        var seed = cl.Int("seed", 1, 0);
        if (cl.Flag("benign"))
        {
            cl.RejectUnknown();
            var (messages, calls) = new BenignCaseSynthesizer((ulong)seed).Write(outDir, events);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {messages + calls} benign events ({messages} SMS, {calls} calls) in 2 files to {Path.GetFullPath(outDir)}"));
            return ExitCodes.Ok;
        }

        var formats = SynthFormats.All;
        if (cl.Option("formats") is { } list)
        {
            try
            {
                formats = SynthFormatList.Parse(list);
            }
            catch (FormatException ex)
            {
                throw new UsageException("--formats: " + ex.Message);
            }
        }

        var suspect = cl.Flag("suspect");
        if (suspect && cl.Option("formats") is null)
        {
            formats = SynthFormats.All & ~SynthFormats.Mbox;
        }

        cl.RejectUnknown();
        CaseSynthesizer.SynthResult result;
        try
        {
            result = new CaseSynthesizer((ulong)seed) { SuspectDevice = suspect }.Write(outDir, events, formats);
        }
        catch (ArgumentException ex) when (suspect)
        {
            throw new UsageException("--suspect: " + ex.Message);
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {result.Events} events ({result.Messages} SMS, {result.Calls} calls, {result.ChatMessages} WhatsApp, {result.Emails} email) in {result.Files.Count} files to {Path.GetFullPath(outDir)}"));
        return ExitCodes.Ok;
    }
}
