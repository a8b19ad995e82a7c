using System.Text.Json;

namespace SmartHomeCam.Cameras.Http;

/// <summary>
/// The fields of a Google service-account JSON key that signing needs; the private key never leaves this object and
/// no error message quotes it. Shared by every module that calls a Google API as the operator (HomeGraph, Pub/Sub).
/// </summary>
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

    /// <summary>
    /// Parses a key; throws <see cref="InvalidOperationException"/> with a message that names no secret.
    /// <paramref name="purpose"/> says whose key it is in that message ("HomeGraph", "Nest Pub/Sub").
    /// </summary>
    public static ServiceAccountKey Parse(string json, string purpose = "Google")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"The {purpose} service-account key is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Field("type") is { } type && type != "service_account")
            {
                throw new InvalidOperationException($"The {purpose} key is a '{type}' key; a service_account key is needed.");
            }

            var email = Field("client_email");
            var pem = Field("private_key");
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(pem))
            {
                throw new InvalidOperationException($"The {purpose} service-account key lacks client_email or private_key.");
            }

            return new ServiceAccountKey(email, pem, string.IsNullOrWhiteSpace(Field("token_uri")) ? DefaultTokenUri : Field("token_uri")!, Field("project_id"));
        }
    }

    /// <summary>
    /// The key a module's settings name: the JSON itself wins over the file. <paramref name="fileSetting"/> is the
    /// configuration key of the file, quoted when the file is missing.
    /// </summary>
    public static ServiceAccountKey Load(string? json, string? file, string fileSetting, string purpose)
    {
        if (!string.IsNullOrWhiteSpace(json))
        {
            return Parse(json, purpose);
        }

        if (string.IsNullOrWhiteSpace(file) || !File.Exists(file))
        {
            throw new InvalidOperationException($"{fileSetting} '{file}' does not exist (or set the key's JSON itself).");
        }

        return Parse(File.ReadAllText(file), purpose);
    }
}
