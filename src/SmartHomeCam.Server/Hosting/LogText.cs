using System.Globalization;
using System.Text;

namespace SmartHomeCam.Server.Hosting;

/// <summary>Makes client-controlled text safe for a log line.</summary>
public static class LogText
{
    /// <summary>
    /// Percent-encodes (as UTF-8) control characters (CR, LF, ESC…), Unicode line/paragraph separators and
    /// invisible format characters (bidi overrides), so the text stays on one line and reads as it is; a lone
    /// surrogate becomes U+FFFD.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => char.IsSurrogate(c) || IsUnsafe(new Rune(c))))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsUnsafe(rune))
            {
                builder.Append(rune.ToString());
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(Rune rune) =>
        Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
}
