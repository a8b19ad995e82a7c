namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>Who is calling and about which request; built from the bearer token and the envelope.</summary>
public sealed record FulfillmentContext(string UserId, string AgentUserId, string ClientId, string RequestId, string BaseUrl);
