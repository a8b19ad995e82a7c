using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// For an e-mail with no account, verifies the password against a throw-away hash made by the same hasher,
/// so the answer takes as long as for a real account and timing does not reveal which e-mails exist.
/// </summary>
public sealed class UnknownAccountPasswordCheck
{
    private readonly PasswordHasher<AppUser> hasher;
    private readonly AppUser nobody = new();
    private readonly string dummyHash;

    // Identity's hasher is stateless and registered per request; one of our own with the same options does the same work.
    public UnknownAccountPasswordCheck(IOptions<PasswordHasherOptions> options)
    {
        hasher = new PasswordHasher<AppUser>(options);
        dummyHash = hasher.HashPassword(nobody, RandomNumberGenerator.GetHexString(32));
    }

    /// <summary>Always false; costs one password verification.</summary>
    public bool Verify(string password)
    {
        _ = hasher.VerifyHashedPassword(nobody, dummyHash, password);
        return false;
    }
}
