using System.Text.Json.Serialization;

namespace SmartHomeCam.Linking;

/// <summary>RFC 6749 §5.1 success body.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>RFC 6749 §5.2 error body.</summary>
public sealed record TokenError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorDescription);

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenError))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
