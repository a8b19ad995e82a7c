using System.Text.Json;

namespace SmartHomeCam.HomeGraph.Client;

/// <summary>The fields of a Google service-account JSON key that signing needs; the private key never leaves this object.</summary>
public sealed class ServiceAccountKey
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private ServiceAccountKey(string clientEmail, string privateKeyPem, string tokenUri, string? projectId)
    {
        ClientEmail = clientEmail;
        PrivateKeyPem = privateKeyPem;
        TokenUri = tokenUri;
        ProjectId = projectId;
    }

    public string ClientEmail { get; }

    public string TokenUri { get; }

    public string? ProjectId { get; }

    internal string PrivateKeyPem { get; }

    /// <summary>Parses a key; throws <see cref="InvalidOperationException"/> with a message that names no secret.</summary>
    public static ServiceAccountKey Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException("The HomeGraph service-account key is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Field("type") is { } type && type != "service_account")
            {
                throw new InvalidOperationException($"The HomeGraph key is a '{type}' key; a service_account key is needed.");
            }

            var email = Field("client_email");
            var pem = Field("private_key");
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(pem))
            {
                throw new InvalidOperationException("The HomeGraph service-account key lacks client_email or private_key.");
            }

            return new ServiceAccountKey(email, pem, string.IsNullOrWhiteSpace(Field("token_uri")) ? DefaultTokenUri : Field("token_uri")!, Field("project_id"));
        }
    }

    /// <summary>The key named by the options: the JSON itself wins over the file.</summary>
    public static ServiceAccountKey Load(HomeGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ServiceAccountKeyJson))
        {
            return Parse(options.ServiceAccountKeyJson);
        }

        if (!File.Exists(options.ServiceAccountKeyFile))
        {
            throw new InvalidOperationException($"HomeGraph:ServiceAccountKeyFile '{options.ServiceAccountKeyFile}' does not exist.");
        }

        return Parse(File.ReadAllText(options.ServiceAccountKeyFile));
    }
}
