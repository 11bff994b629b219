using System.Text;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Replaces invalid UTF-8 with U+FFFD (like the default) but counts how often it did, so a
/// damaged byte costs one character and a diagnostic instead of the rest of the backup.
/// </summary>
internal sealed class CountingDecoderFallback : DecoderFallback
{
    public int Replacements { get; private set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    public static Encoding Utf8With(CountingDecoderFallback fallback)
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).Clone();
        encoding.DecoderFallback = fallback;
        return encoding;
    }

    private sealed class Buffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
    {
        private bool _pending;

        public override int Remaining => _pending ? 1 : 0;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.Replacements++;
            _pending = true;
            return true;
        }

        public override char GetNextChar()
        {
            if (!_pending)
            {
                return '\0';
            }

            _pending = false;
            return '\uFFFD';
        }

        public override bool MovePrevious() => false;

        public override void Reset() => _pending = false;
    }
}
