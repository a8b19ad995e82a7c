using System.Net;
using System.Text.RegularExpressions;

namespace SmartHomeCam.Server.Cli.GoogleSim;

/// <summary>Reads the inputs of a server-rendered form the way a browser would submit them.</summary>
public static partial class HtmlForm
{
    /// <summary>Name/value of every <c>input</c> with a value inside the first form that contains <paramref name="marker"/>.</summary>
    public static Dictionary<string, string> Inputs(string html, string marker = "<form")
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (Match form in FormRegex().Matches(html))
        {
            if (!form.Value.Contains(marker, StringComparison.Ordinal))
            {
                continue;
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in InputRegex().Matches(form.Value))
            {
                var name = AttributeRegex("name").Match(input.Value);
                var value = AttributeRegex("value").Match(input.Value);
                if (name.Success)
                {
                    result[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
                }
            }

            return result;
        }

        throw new InvalidOperationException($"No form containing '{marker}' in page:\n{html}");
    }

    public static string AntiforgeryToken(string html) => Inputs(html)["__RequestVerificationToken"];

    [GeneratedRegex("<form.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputRegex();

    private static Regex AttributeRegex(string name) => new($"\\b{name}=\"([^\"]*)\"", RegexOptions.None, TimeSpan.FromSeconds(1));
}
