namespace SmartHomeCam.Linking.Tests;

public class GoogleRedirectUrisTests
{
    [Fact]
    public void Production_and_sandbox_uris_are_registered()
    {
        Assert.Equal(
            ["https://oauth-redirect.googleusercontent.com/r/my-proj-123", "https://oauth-redirect-sandbox.googleusercontent.com/r/my-proj-123"],
            GoogleRedirectUris.For("my-proj-123"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/../b")]
    [InlineData("proj?x=1")]
    public void Project_ids_that_would_bend_the_uri_are_refused(string projectId) =>
        Assert.Throws<ArgumentException>(() => GoogleRedirectUris.For(projectId));
}
