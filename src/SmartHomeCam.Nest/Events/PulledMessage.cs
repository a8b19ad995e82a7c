namespace SmartHomeCam.Nest.Events;

/// <summary>One <c>receivedMessages</c> entry of a pull: its ack id and the SDM event (null when malformed).</summary>
public sealed record PulledMessage(string AckId, SdmEventMessage? Message, int DeliveryAttempt);
