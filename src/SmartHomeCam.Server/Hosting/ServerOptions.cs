namespace SmartHomeCam.Server.Hosting;

/// <summary>Bound from the <c>SmartHomeCam</c> configuration section.</summary>
public sealed class ServerOptions
{
    public const string Section = "SmartHomeCam";

    /// <summary>Interface to listen on; loopback by default so a fresh install is not exposed.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Database file, Data Protection keys; relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>External HTTPS origin Google and Chromecasts reach (e.g. https://cam.example.com); empty = taken from each request.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Reverse proxies whose X-Forwarded-* headers are believed; empty = none (not even loopback).</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of such proxies.</summary>
    public string[] TrustedNetworks { get; set; } = [];
}
