using System.Net;
using System.Text.RegularExpressions;

namespace SmartHomeCam.GoogleSim;

/// <summary>Reads the inputs of a server-rendered form the way a browser would submit them.</summary>
public static partial class HtmlForm
{
    /// <summary>Name/value of every <c>input</c> with a value inside the first form that contains <paramref name="marker"/>.</summary>
    public static Dictionary<string, string> Inputs(string html, string marker = "<form")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputRegex().Matches(Find(html, marker)))
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

    /// <summary>Where a browser submits that form: its <c>action</c> resolved against the (absolute) page URL, or the page itself.</summary>
    public static Uri Target(string html, Uri page, string marker = "<form")
    {
        ArgumentNullException.ThrowIfNull(page);
        var tag = OpeningTagRegex().Match(Find(html, marker));
        var action = AttributeRegex("action").Match(tag.Value);
        if (!action.Success || action.Groups[1].Value.Length == 0)
        {
            return page;
        }

        var relative = new Uri(WebUtility.HtmlDecode(action.Groups[1].Value), UriKind.RelativeOrAbsolute);
        return page.IsAbsoluteUri ? new Uri(page, relative) : relative;
    }

    public static string AntiforgeryToken(string html) => Inputs(html)["__RequestVerificationToken"];

    private static string Find(string html, string marker)
    {
        ArgumentNullException.ThrowIfNull(html);
        return FormRegex().Matches(html).Select(m => m.Value).FirstOrDefault(f => f.Contains(marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form containing '{marker}' in page:\n{html}");
    }

    [GeneratedRegex("<form.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex("^<form[^>]*>")]
    private static partial Regex OpeningTagRegex();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputRegex();

    private static Regex AttributeRegex(string name) => new($"\\b{name}=\"([^\"]*)\"", RegexOptions.None, TimeSpan.FromSeconds(1));
}
