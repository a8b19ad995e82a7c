namespace SmartHomeCam.Linking;

/// <summary>What a valid bearer token identifies.</summary>
public sealed record AccessTokenInfo(string UserId, string AgentUserId, string ClientId, Guid GrantId, DateTimeOffset ExpiresAt);
