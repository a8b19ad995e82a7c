using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmartHomeCam.Linking;

/// <summary>
/// Gives OpenIddict our keys and clock. Symmetric keys sign (HS256) and encrypt (A256KW + A256CBC-HS512) every code
/// and token; OpenIddict demands one asymmetric signing key besides, which would only sign identity tokens — this
/// server issues none (no <c>openid</c> scope is granted) — so an in-memory P-256 key per process is enough.
/// </summary>
internal sealed class OpenIddictKeySetup(LinkingKeys keys, TimeProvider clock)
    : IConfigureOptions<OpenIddictServerOptions>, IConfigureOptions<OpenIddictValidationOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var key in keys.SigningKeys)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        }

        options.SigningCredentials.Add(new SigningCredentials(
            new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "identity-" + Guid.NewGuid().ToString("N")[..8] },
            SecurityAlgorithms.EcdsaSha256));
        foreach (var key in keys.EncryptionKeys)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }

        // RFC 7636 §4.2: S256 only; "plain" protects nothing a TLS-terminated code could not already tell.
        options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
        options.TimeProvider = clock;
    }

    public void Configure(OpenIddictValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = clock;
    }
}
