using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Registers the code-page and UTF-7 encoding providers (<see cref="MailCharsets"/>) when this assembly
/// loads. MimeKit decodes RFC 2047 encoded words (an ISO-2022-JP subject, say) through
/// <see cref="System.Text.Encoding.GetEncoding(int)"/> the first time a header is read; if that came
/// before anything touched <see cref="MailCharsets"/>, the providers were not there yet and the words
/// were left as raw bytes — which message was read first decided the result.
/// </summary>
internal static class CharsetRegistration
{
#pragma warning disable CA2255 // A library module initializer is the point: provider registration must precede any MimeKit call from this assembly.
    [ModuleInitializer]
    // Only the providers: building Windows-1252's tables here (MailCharsets' constructor) read the code-page data
    // before Main in every command of the Native AOT executable (~5% of `--version`), mail or not; MailCharsets
    // builds them the first time it is used.
    internal static void Register() => TextEncodings.EnsureRegistered();
#pragma warning restore CA2255
}
