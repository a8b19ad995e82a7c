using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SmartHomeCam.Linking.Tests;

public class ClientCredentialsTests
{
    private static (ClientCredentials?, string?) Read(string? basic, params (string Key, string Value)[] body)
    {
        var context = new DefaultHttpContext();
        if (basic is not null)
        {
            context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basic));
        }

        var form = new FormCollection(body.ToDictionary(b => b.Key, b => new StringValues(b.Value)));
        return ClientCredentials.Read(context.Request, form);
    }

    [Fact]
    public void Basic_credentials_are_form_url_decoded()
    {
        var (credentials, error) = Read("google%20home:s%3Acret");
        Assert.Null(error);
        Assert.Equal(new ClientCredentials("google home", "s:cret", ViaBasic: true), credentials);
    }

    [Fact]
    public void Body_credentials_are_read()
    {
        var (credentials, _) = Read(null, ("client_id", "google-home"), ("client_secret", "x"));
        Assert.Equal(new ClientCredentials("google-home", "x", ViaBasic: false), credentials);
    }

    [Fact]
    public void Two_methods_at_once_are_an_invalid_request() =>
        Assert.Equal("invalid_request", Read("a:b", ("client_id", "a"), ("client_secret", "b")).Item2);

    [Fact]
    public void Same_client_id_in_body_next_to_basic_is_tolerated() =>
        Assert.NotNull(Read("a:b", ("client_id", "a")).Item1);

    [Theory]
    [InlineData("no-colon")]
    [InlineData(":secret-without-id")]
    public void Malformed_basic_is_invalid_client(string raw) => Assert.Equal("invalid_client", Read(raw).Item2);

    [Fact]
    public void No_credentials_at_all_is_invalid_client() => Assert.Equal("invalid_client", Read(null).Item2);
}
