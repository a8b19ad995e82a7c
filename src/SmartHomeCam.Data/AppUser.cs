using Microsoft.AspNetCore.Identity;

namespace SmartHomeCam.Data;

/// <summary>A homeowner account. Identity supplies password hashing, lockout and security stamps.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>Stable opaque id sent to Google as <c>agentUserId</c>; never the e-mail (spec §2, checklist 6).</summary>
    public string AgentUserId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
