using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// Guards the first-run page: while no account exists, a one-time code is printed to the console, and only
/// someone who can read the console can create the first owner account through the web page.
/// </summary>
public sealed class FirstRunSetup
{
    private readonly Lock gate = new();
    private byte[]? codeHash;

    public bool IsOpen
    {
        get
        {
            lock (gate)
            {
                return codeHash is not null;
            }
        }
    }

    /// <summary>Opens setup and returns the code, or null when accounts exist.</summary>
    public async Task<string?> OpenIfNoUsersAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Users.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var code = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12);
        lock (gate)
        {
            codeHash = SHA256.HashData(Encoding.UTF8.GetBytes(code));
        }

        // Printed to the console on purpose, not logged: log sinks are often shipped elsewhere.
        Console.Out.WriteLine($"""

            ================================================================
             SmartHomeCam has no account yet. Open /setup in a browser and
             enter this one-time setup code:  {code}
             (or run: SmartHomeCam.Server users add <email>)
            ================================================================

            """);
        return code;
    }

    /// <summary>Constant-time check; a correct code closes setup for good.</summary>
    public bool TryConsume(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented.Trim().ToUpperInvariant()));
        lock (gate)
        {
            if (codeHash is null || !CryptographicOperations.FixedTimeEquals(codeHash, presentedHash))
            {
                return false;
            }

            codeHash = null;
            return true;
        }
    }

    /// <summary>Closes setup without consuming (an account was created another way).</summary>
    public void Close()
    {
        lock (gate)
        {
            codeHash = null;
        }
    }
}
