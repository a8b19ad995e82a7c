using System.Globalization;

namespace SmartHomeCam.Linking;

/// <summary>
/// What travels on <see cref="Channel"/>: "a|&lt;authorization id&gt;|&lt;until, unix ms&gt;" for a revoked linking,
/// "t|&lt;token id&gt;|&lt;until&gt;" for a single revoked access token.
/// </summary>
internal readonly record struct RevocationNotice(bool IsAuthorization, string Id, DateTimeOffset Until)
{
    public const string Channel = "linking-revocations";

    public override string ToString() =>
        $"{(IsAuthorization ? 'a' : 't')}|{Id}|{Until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string message, out RevocationNotice notice)
    {
        notice = default;
        var parts = message.Split('|');
        if (parts.Length != 3 || parts[0] is not ("a" or "t") || parts[1].Length == 0 ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        notice = new RevocationNotice(parts[0] == "a", parts[1], DateTimeOffset.FromUnixTimeMilliseconds(ms));
        return true;
    }

    public void ApplyTo(RevokedLinks revoked)
    {
        if (IsAuthorization)
        {
            revoked.AddAuthorization(Id, Until);
        }
        else
        {
            revoked.AddToken(Id, Until);
        }
    }
}
