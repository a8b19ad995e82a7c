namespace SmartHomeCam.WebRtc.Tests;

internal static class Hex
{
    /// <summary>Hex as RFCs print it (spaces, line breaks) to bytes.</summary>
    public static byte[] Bytes(string text) => Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));
}
